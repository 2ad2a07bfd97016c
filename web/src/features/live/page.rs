//! The one component behind every live page: its hooks are called the same way whatever the view (the
//! filters, the fetch), and each view's module says what to fetch and how to show it. One component rather
//! than one per view: each component costs the bundle a few KB.

use super::shell::{shell, ShellProps};
use super::{pipelines, projects};
use crate::hooks::{use_api, ApiFuture};
use crate::services::gitlab::Connection;
use std::rc::Rc;
use yew::prelude::*;

/// Which live page.
#[derive(Clone, Debug, PartialEq)]
pub enum View {
    Projects,
    Pipelines { project: String },
}

#[derive(Properties, PartialEq)]
pub struct LivePageProps {
    pub connection: Connection,
    /// The instance the address named, kept in the links it leads to.
    pub instance: Option<String>,
    pub view: View,
    pub actions: Html,
}

/// The filters the user set and the forms they fill, per view (each view uses its own).
#[derive(Clone)]
pub struct Filters {
    pub search: UseStateHandle<String>,
    pub membership: UseStateHandle<bool>,
    pub git_ref: UseStateHandle<String>,
    pub status: UseStateHandle<String>,
    pub source: UseStateHandle<String>,
    /// The run-pipeline form: its ref, variables, GitLab's refusal, and whether it is being sent.
    pub run_ref: UseStateHandle<String>,
    pub run_rows: UseStateHandle<Vec<(String, String)>>,
    pub run_error: UseStateHandle<Option<String>>,
    pub run_busy: UseStateHandle<bool>,
}

/// What a view fetched.
pub enum Data {
    Projects(Vec<super::rows::ProjectRow>, bool),
    Pipelines(Vec<super::rows::PipelineRow>),
}

/// What a view asks for: a key naming it (a new key fetches again), how often, and the fetch.
pub struct Ask {
    pub key: String,
    pub every_ms: Option<u32>,
    pub fetch: Rc<dyn Fn() -> ApiFuture<Data>>,
}

/// What a view shows: the path below the instance, and the page.
pub struct Show {
    pub crumbs: Vec<(String, Option<String>)>,
    pub body: Html,
}

#[function_component(LivePage)]
pub fn live_page(props: &LivePageProps) -> Html {
    let filters = Filters {
        search: use_state(String::new),
        membership: use_state(|| true),
        git_ref: use_state(String::new),
        status: use_state(String::new),
        source: use_state(String::new),
        run_ref: use_state(String::new),
        run_rows: use_state(|| vec![(String::new(), String::new())]),
        run_error: use_state(|| None),
        run_busy: use_state(|| false),
    };
    let c = &props.connection;
    let ask = match &props.view {
        View::Projects => projects::ask(c, &filters),
        View::Pipelines { project } => pipelines::ask(c, project, &filters),
    };
    let fetch = ask.fetch;
    let fetched = use_api(ask.key, ask.every_ms, move || fetch());
    let data = fetched.data.as_deref();
    let show = match &props.view {
        View::Projects => projects::show(&filters, data),
        View::Pipelines { project } => pipelines::show(props.instance.as_deref(), project, &filters, data, c),
    };
    shell(ShellProps {
        connection: props.connection.clone(),
        crumbs: show.crumbs,
        actions: props.actions.clone(),
        error: fetched.error.clone(),
        loading: fetched.loading,
        refresh: fetched.refresh.clone(),
        children: show.body,
    })
}
