//! Mount point only. The routes are in `app.rs`; each page is a feature under `features/`.

mod app;
mod features;
mod hooks;
mod route;
mod services;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
