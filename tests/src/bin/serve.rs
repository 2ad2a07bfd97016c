//! `./dev serve`'s static server: the built app (`dist/`, both modules) on a loopback port, until stopped.
//! Usage: `serve DIR PORT`.

use pipelens_e2e::server::StaticServer;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(port)) = (args.get(1), args.get(2).and_then(|p| p.parse::<u16>().ok())) else {
        eprintln!("usage: serve DIR PORT");
        std::process::exit(2);
    };
    let _server = match StaticServer::start_on(Path::new(dir), Vec::new(), port) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("serve: cannot listen on 127.0.0.1:{port}: {e}");
            std::process::exit(1);
        }
    };
    loop {
        std::thread::park();
    }
}
