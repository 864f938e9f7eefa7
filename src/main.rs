use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(charterlint::cli::main())
}
