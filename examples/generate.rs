//! Writes a labelled synthetic deposit.
//!
//! cargo run --release --example generate -- --holders 200000 -o big.xml \
//!     [--seed 7] [--error-rate 0.15] [--decoy-rate 0.05] [--truth truth.jsonl] \
//!     [--register register.csv] [--certifications 20]

use accroche::synth::{generate_with_register, SynthConfig};
use clap::Parser;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Generate a labelled synthetic CDC deposit")]
struct Args {
    #[arg(long, default_value_t = 1000)]
    holders: u64,
    /// The deposit; `-` for standard output
    #[arg(short, long)]
    output: PathBuf,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    #[arg(long, default_value_t = 0.15)]
    error_rate: f64,
    #[arg(long, default_value_t = 0.05)]
    decoy_rate: f64,
    /// JSON Lines: one line per labelled record
    #[arg(long)]
    truth: Option<PathBuf>,
    /// CSV: the true civil-status identity of every holder
    #[arg(long)]
    register: Option<PathBuf>,
    #[arg(long, default_value_t = 20)]
    certifications: usize,
}

fn create(path: &PathBuf) -> std::io::Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(1 << 20, File::create(path)?))
}

fn run(args: Args) -> std::io::Result<()> {
    let rate = 0.0..=1.0;
    if !rate.contains(&args.error_rate)
        || !rate.contains(&args.decoy_rate)
        || !rate.contains(&(args.error_rate + args.decoy_rate))
    {
        return Err(std::io::Error::other(
            "--error-rate, --decoy-rate and their sum must be between 0 and 1",
        ));
    }
    let cfg = SynthConfig {
        holders: args.holders,
        seed: args.seed,
        error_rate: args.error_rate,
        decoy_rate: args.decoy_rate,
        certifications: args.certifications,
        ..SynthConfig::default()
    };
    let start = Instant::now();
    let out: Box<dyn Write> = if args.output.as_os_str() == "-" {
        Box::new(BufWriter::with_capacity(1 << 20, std::io::stdout().lock()))
    } else {
        Box::new(create(&args.output)?)
    };
    let mut truth = args.truth.as_ref().map(create).transpose()?;
    let mut register = args.register.as_ref().map(create).transpose()?;
    let stats = generate_with_register(
        &cfg,
        out,
        truth.as_mut().map(|w| w as &mut dyn Write),
        register.as_mut().map(|w| w as &mut dyn Write),
    )?;
    eprintln!(
        "{}: {} holders in {} certifications, {} errors, {} decoys, {:.1} MB, {:.2} s",
        args.output.display(),
        stats.holders,
        stats.certifications,
        stats.errors,
        stats.decoys,
        stats.bytes as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generate: {e}");
            ExitCode::from(2)
        }
    }
}
