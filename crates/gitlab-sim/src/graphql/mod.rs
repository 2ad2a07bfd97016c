use crate::Sim;
use axum::Router;

pub fn routes() -> Router<Sim> {
    Router::new()
}
