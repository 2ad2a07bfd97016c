//! Telling the room: a browser notification per pipeline that newly failed or recovered, and a short tone
//! (lower when something failed). Both are opt-in in the configuration; the browser asks the user for
//! permission when they tick the box.

use pipelens_wall::tiles::Transition;

pub fn browser(changes: &[Transition]) {
    use web_sys::{Notification, NotificationPermission};
    let text = |c: &Transition| {
        if c.failed {
            format!("✖ {} failed", c.name)
        } else {
            format!("✔ {} recovered", c.name)
        }
    };
    // Asked when the user ticked the box; a refusal is respected.
    if Notification::permission() == NotificationPermission::Granted {
        for c in changes.iter().take(5) {
            let _ = Notification::new(&text(c));
        }
    }
}

pub fn beep(failed: bool) {
    let Ok(ctx) = web_sys::AudioContext::new() else { return };
    let Ok(osc) = ctx.create_oscillator() else { return };
    osc.frequency().set_value(if failed { 220.0 } else { 660.0 });
    let _ = osc.connect_with_audio_node(&ctx.destination());
    let _ = osc.start();
    let _ = osc.stop_with_when(ctx.current_time() + 0.4);
}
