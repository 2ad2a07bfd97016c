//! Connecting to GitLab: the button that says where pipelens is connected, the dialog that adds an instance
//! (address, token, where to keep it), checks the token, and lists, switches and forgets instances, and
//! `#/demo`, which connects to the demo GitLab. *Must not know:* what the live pages show.

mod demo;
mod dialog;

pub use demo::DemoPage;
pub use dialog::{ConnectButton, ConnectDialog};
