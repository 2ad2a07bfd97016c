//! Mount point only. The app lives in `app.rs`; its state in `state.rs`.

mod app;
mod components;
mod download;
mod example;
mod file_read;
mod pan;
mod perf;
mod share;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
