use clap::Parser;

fn main() {
    let cli = accroche::cli::Cli::parse();
    accroche::output::install_signal_handler();
    std::process::exit(accroche::cli::run(cli));
}
