//! Prints what the reference tables know about names: `cargo run --example name_info -- Léa Martin`.

fn main() {
    for n in std::env::args().skip(1) {
        let i = accroche::namecmd::describe(&n);
        print!(
            "{}",
            accroche::namecmd::render_text(&i, accroche::lang::Lang::Fr)
        );
    }
}
