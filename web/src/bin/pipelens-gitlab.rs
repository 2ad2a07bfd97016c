//! The GitLab module's mount point (`gitlab.html`).

fn main() {
    yew::Renderer::<pipelens_web::app::GitLabApp>::new().render();
}
