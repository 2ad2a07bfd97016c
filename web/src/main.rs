//! Mount point only. The app lives in `app.rs`; its state in `state.rs`.

mod app;
mod components;
mod download;
mod example;
mod perf;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
