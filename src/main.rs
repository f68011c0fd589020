use clap::Parser;

fn main() {
    let cli = accroche::cli::Cli::parse();
    std::process::exit(accroche::cli::run(cli));
}
