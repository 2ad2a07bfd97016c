//! The editor module's mount point (`index.html`).

fn main() {
    yew::Renderer::<pipelens_web::app::EditorApp>::new().render();
}
