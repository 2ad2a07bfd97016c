//! Connecting to GitLab: the button that says where pipelens is connected, the dialog that adds an instance
//! (address, token, where to keep it), checks the token, and lists, switches and forgets instances, and
//! `#/demo`, for which the dialog connects to the demo GitLab by itself. *Must not know:* what the live pages show.

mod dialog;

pub use dialog::{connect_button, ConnectDialog};
