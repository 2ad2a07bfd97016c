//! The job log viewer in real headless Chromium against the demo simulator: colours, folding sections,
//! following a running job (each update parses only the bytes the log grew by, the scroll position is
//! kept unless at the end), search counts, `#L` permalinks, a log that tries to inject markup, and the
//! 50 MB log opened from its pipeline page (first paint, indexing and parse throughput printed).

use pipelens_e2e::{harness_with_demo, set_field, wait_value, Session, Sim};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

fn wait(s: &Session, css: &str) -> pipelens_e2e::Element {
    s.wait_for(css, WAIT).unwrap_or_else(|e| {
        let page = s.execute("return location.hash + '\\n' + document.body.innerText.slice(0, 2000)", json!([]));
        panic!("{css}: {e}\npage: {page:?}")
    })
}

fn js(s: &Session, script: &str) -> Value {
    s.execute(script, json!([])).expect("script")
}

/// The viewer's `data-*` number.
fn data(s: &Session, name: &str) -> u64 {
    let v = js(s, &format!("return document.querySelector('[data-testid=log-view]').dataset.{name}"));
    v.as_str().and_then(|t| t.parse().ok()).unwrap_or_else(|| panic!("data-{name}: {v}"))
}

/// Connects to the demo GitLab, then opens `fragment`.
fn open(s: &Session, h: &pipelens_e2e::Harness, fragment: &str) {
    s.goto(&h.url("/#/demo")).unwrap();
    wait(s, "tr[data-project]");
    s.execute("location.hash = arguments[0]", json!([fragment])).unwrap();
}

/// A job of the demo by project path and name (in the project's first pipeline): its id and its whole log as the simulator serves it now.
fn job(sim: &Sim, project: &str, name: &str) -> (u64, String) {
    let w = sim.lock();
    let p = w.projects.iter().find(|p| p.full_path == project).expect("project").id;
    let j = w.jobs.iter().filter(|j| j.project_id == p && j.spec.name == name).min_by_key(|j| j.id).expect("job");
    let pl = w.pipeline(j.pipeline_id).expect("pipeline");
    (j.id, pipelens_gitlab_sim::logs::trace(j, &pl.git_ref, &pl.sha, w.now()))
}

/// The text of the rendered line numbered `n` (1-based), without its number and time.
fn line_text(s: &Session, n: u32) -> Option<String> {
    js(s, &format!("const l = document.querySelector('.log-line[data-line=\"{n}\"] .text'); return l && l.textContent"))
        .as_str()
        .map(str::to_string)
}

#[test]
fn following_a_running_job_colours_folds_search_and_only_new_bytes() {
    let Some((h, sim, _)) = harness_with_demo() else { return };
    let s = &h.session;
    let (id, log) = job(&sim, "demo/logs", "follow");
    assert!(!log.contains("Job succeeded"), "the job still runs");
    open(s, &h, &format!("#/gitlab/demo/logs/-/jobs/{id}"));
    wait(s, "[data-testid=log-view][data-state=following]");
    assert_eq!(js(s, "return document.querySelector('[data-testid=job-status]').textContent"), "running");
    assert_eq!(data(s, "logBytes"), log.len() as u64);
    assert_eq!(data(s, "parsedBytes"), log.len() as u64);

    // Colours: `ESC[32;1m` is GitLab's green class, painted green and bold.
    s.execute("document.querySelector('[data-testid=log-view]').scrollTop = 0", json!([])).unwrap();
    let style = wait_value(
        s,
        "const e = [...document.querySelectorAll('.log-line .term-fg-green')].find(e => e.textContent.startsWith('$ ./ci/follow.sh')); \
         if (!e) return null; const c = getComputedStyle(e); return [e.className, c.color, c.fontWeight]",
        WAIT,
    );
    assert_eq!(style, json!(["term-fg-green term-bold", "rgb(87, 171, 90)", "700"]));

    // A section the log folds (`collapsed=true`): its header shows with its duration, its body does not.
    let fold = "[data-section=prepare-executor]";
    assert_eq!(js(s, &format!("return document.querySelector('{fold}').dataset.collapsed")), "true");
    let body = "Using Docker executor with image alpine:3.20 ...";
    let visible = |s: &Session| {
        js(s, "return [...document.querySelectorAll('.log-line .text')].map(e => e.textContent)")
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == body)
    };
    assert!(!visible(s), "a folded body is not in the DOM");
    let header = js(s, &format!("return document.querySelector('{fold}').closest('.log-line').textContent"));
    assert!(header.as_str().unwrap().contains("Preparing the \"docker\" executor00:00"), "{header}");
    s.click(&wait(s, fold)).unwrap();
    wait(s, &format!("{fold}[data-collapsed=false]"));
    assert!(visible(s), "unfolded");
    s.click(&wait(s, fold)).unwrap();
    wait(s, &format!("{fold}[data-collapsed=true]"));
    assert!(!visible(s), "folded again");

    // Search: the count is the lines holding the text, as the simulator wrote them. The log has runner
    // timestamps, so its last line is not shown until the next one says it does not continue it.
    let held = |log: &str| log.lines().rev().skip(1).filter(|l| l.contains("doing work")).count();
    let want = held(&log);
    assert!(want > 10, "{want}");
    set_field(s, "[data-testid=log-search]", "DOING WORK");
    wait_value(
        s,
        &format!("return document.querySelector('[data-testid=log-search-count]').dataset.count === '{want}'"),
        WAIT,
    );
    let count = js(s, "return document.querySelector('[data-testid=log-search-count]').textContent");
    assert_eq!(count, format!("1 / {want}"));
    s.click(&wait(s, "[data-testid=log-search-next]")).unwrap();
    wait_value(
        s,
        &format!("return document.querySelector('[data-testid=log-search-count]').textContent === '2 / {want}'"),
        WAIT,
    );
    assert_eq!(js(s, "return document.querySelector('.log-line.current') !== null"), true, "the match is in view");

    // Following: scrolled up, the log grows and each update pushes only the growth; the view stays put.
    let scroll = |s: &Session, to: &str| {
        s.execute(
            &format!("const v = document.querySelector('[data-testid=log-view]'); v.scrollTop = {to}; v.dispatchEvent(new Event('scroll'));"),
            json!([]),
        )
        .unwrap();
    };
    scroll(s, "0");
    for round in 0..2 {
        let (before, updates) = (data(s, "logBytes"), data(s, "updates"));
        sim.advance(40);
        let (_, grown) = job(&sim, "demo/logs", "follow");
        assert!(grown.len() as u64 > before);
        wait_value(
            s,
            &format!("return Number(document.querySelector('[data-testid=log-view]').dataset.updates) > {updates}"),
            WAIT,
        );
        assert_eq!(data(s, "logBytes"), grown.len() as u64, "round {round}");
        assert_eq!(data(s, "pushedBytes"), grown.len() as u64 - before, "only the new bytes were parsed");
        assert_eq!(data(s, "parsedBytes"), grown.len() as u64, "nothing was parsed twice");
        assert_eq!(data(s, "reloads"), 0);
        if round == 0 {
            assert_eq!(js(s, "return document.querySelector('[data-testid=log-view]').scrollTop"), 0, "kept");
            // The search went on over the new lines.
            let want = held(&grown);
            let count = js(s, "return document.querySelector('[data-testid=log-search-count]').dataset.count");
            assert_eq!(count, want.to_string());
            scroll(s, "1e9");
        } else {
            // At the end, the view follows it.
            wait_value(
                s,
                "const v = document.querySelector('[data-testid=log-view]'); \
                 return v.scrollHeight - v.scrollTop - v.clientHeight < 41",
                WAIT,
            );
        }
    }
    // Every trace request asked for the whole log (the API has no offset): the saving is in the parsing.
    let traces = sim.requests().iter().filter(|r| r.uri.ends_with(&format!("/jobs/{id}/trace"))).count();
    assert!(traces >= 3, "{traces}");

    // Finished: the end arrives, polling stops.
    sim.advance(4000);
    wait(s, "[data-testid=log-view][data-state=done]");
    let (_, done) = job(&sim, "demo/logs", "follow");
    assert!(done.contains("Job succeeded"));
    assert_eq!(data(s, "logBytes"), done.len() as u64);
    let seen = sim.requests().len();
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(sim.requests().len(), seen, "no polling after the job finished");
}

#[test]
fn a_permalink_opens_its_lines_in_view_highlighted_even_inside_a_fold() {
    let Some((h, sim, sim_url)) = harness_with_demo() else { return };
    let s = &h.session;
    let (id, log) = job(&sim, "demo/app", "build");
    assert!(log.contains("Job succeeded"), "a finished job");
    open(s, &h, &format!("#/gitlab/demo/app/-/jobs/{id}#L40-42"));
    wait(s, ".log-line.hl[data-line=\"40\"]");
    let lit = js(s, "return [...document.querySelectorAll('.log-line.hl')].map(e => Number(e.dataset.line))");
    assert_eq!(lit, json!([40, 41, 42]));
    let in_view = "const v = document.querySelector('[data-testid=log-view]').getBoundingClientRect(); \
                   const l = document.querySelector('.log-line[data-line=\"N\"]').getBoundingClientRect(); \
                   return l.top >= v.top && l.bottom <= v.bottom";
    assert_eq!(js(s, &in_view.replace('N', "40")), true);

    // Line 3 is inside `prepare_executor`, folded by the log: the permalink opens the fold.
    assert_eq!(js(s, "return document.querySelector('[data-section=prepare-executor]').dataset.collapsed"), "true");
    s.execute("location.hash = location.hash.replace(/#L.*$/, '#L3')", json!([])).unwrap();
    wait(s, ".log-line.hl[data-line=\"3\"]");
    assert_eq!(line_text(s, 3).as_deref(), Some("Using Docker executor with image alpine:3.20 ..."));
    assert_eq!(js(s, "return document.querySelector('[data-section=prepare-executor]').dataset.collapsed"), "false");
    assert_eq!(js(s, &in_view.replace('N', "3")), true);

    // Clicking a line number writes its permalink into the address; shift-click makes a range.
    s.click(&wait(s, ".log-line[data-line=\"9\"] .ln")).unwrap();
    wait_value(s, "return location.hash.endsWith('#L9')", WAIT);
    assert_eq!(js(s, "return location.hash"), format!("#/gitlab/demo/app/-/jobs/{id}#L9"));
    s.execute(
        "document.querySelector('.log-line[data-line=\"11\"] .ln').dispatchEvent(new MouseEvent('click', {bubbles: true, shiftKey: true}))",
        json!([]),
    )
    .unwrap();
    wait_value(s, "return location.hash.endsWith('#L9-11')", WAIT);
    assert_eq!(js(s, "return document.querySelectorAll('.log-line.hl').length"), 3);

    // A GitLab job URL pasted after the `#`, with GitLab's own `#L`, lands on the same line.
    s.execute("location.hash = arguments[0]", json!([format!("#{sim_url}/demo/app/-/jobs/{id}#L12")])).unwrap();
    wait(s, ".log-line.hl[data-line=\"12\"]");
    assert_eq!(js(s, "return document.querySelectorAll('.log-line.hl').length"), 1);
}

#[test]
fn a_log_that_tries_to_inject_markup_shows_it_as_text() {
    let Some((h, sim, _)) = harness_with_demo() else { return };
    let s = &h.session;
    let (id, log) = job(&sim, "demo/logs", "injection");
    assert!(log.contains("<script>") && log.contains("\x1b]8;;javascript:"));
    open(s, &h, &format!("#/gitlab/demo/logs/-/jobs/{id}"));
    wait(s, "[data-testid=log-view][data-state=done]");
    // Unfold everything so every line is rendered, and read them.
    s.execute("document.querySelectorAll('.fold[data-collapsed=true]').forEach(b => b.click())", json!([])).unwrap();
    let texts = wait_value(
        s,
        "const t = [...document.querySelectorAll('.log-line .text')].map(e => e.textContent); \
         return t.some(x => x.includes('title dropped')) ? t : null",
        WAIT,
    );
    let texts: Vec<&str> = texts.as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    for literal in [
        "<script>window.__pwned = 'script'</script>",
        "<img src=x onerror=\"window.__pwned = 'img'\">",
        "<svg onload=\"window.__pwned = 'svg'\"><circle r=\"5\"/></svg>",
        "<a href=\"javascript:window.__pwned = 'href'\">javascript: link</a>",
        "<b onmouseover=\"window.__pwned = 'sgr'\">red markup</b>",
        // `ESC [ < s` is a whole (private) CSI sequence to a terminal: dropped; the rest is text.
        "cript>m still text &lt;not an entity&gt; &amp;",
    ] {
        assert!(texts.contains(&literal), "{literal:?} not shown literally in {texts:#?}");
    }
    // OSC 8: the link's text stays, as plain text; the window title sequence is dropped whole.
    assert!(texts.contains(&"OSC 8 link text stays plain"), "{texts:#?}");
    assert!(texts.contains(&" title dropped"), "{texts:#?}");
    let red = js(s, "return [...document.querySelectorAll('.term-fg-red')].map(e => e.textContent)");
    assert!(red.as_array().unwrap().iter().any(|t| t.as_str().unwrap().contains("red markup")), "{red}");
    // Nothing became an element, nothing ran (hovering the markup would not either: it is text).
    let elements = js(
        s,
        "const v = document.querySelector('[data-testid=log-view]'); \
         return v.querySelectorAll('script, img, svg, b, a:not(.ln), [onerror], [onload], [onmouseover]').length",
    );
    assert_eq!(elements, 0);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(js(s, "return typeof window.__pwned"), "undefined");
    let title = js(s, "return document.title");
    assert_eq!(title, "pipelens — GitLab CI/CD pipelines in your browser", "the OSC title did not reach the page");
}

#[test]
fn the_50_mb_log_opened_from_its_pipeline_shows_first_lines_then_indexes() {
    let Some((h, sim, _)) = harness_with_demo() else { return };
    let s = &h.session;
    let pipeline = {
        let w = sim.lock();
        let p = w.projects.iter().find(|p| p.full_path == "demo/big-log").unwrap().id;
        w.pipelines.iter().find(|pl| pl.project_id == p).unwrap().id
    };
    open(s, &h, &format!("#/gitlab/demo/big-log/-/pipelines/{pipeline}"));
    s.click(&wait(s, "[data-job=big-log]")).unwrap();
    wait(s, "[data-testid=log-view] .log-line");
    let started = Instant::now();
    s.wait_for("[data-testid=log-view][data-state=done]", Duration::from_secs(180)).expect("indexed");
    let took = started.elapsed();
    let bytes = data(s, "logBytes");
    let lines = data(s, "lines");
    assert!(bytes > 50_000_000, "{bytes}");
    assert!(lines > 1_000_000, "{lines}");
    let measures = js(
        s,
        "return Object.fromEntries(['pipelens:log-first-paint', 'pipelens:log-indexed', 'pipelens:log-parse'] \
           .map(n => { const m = performance.getEntriesByName(n, 'measure')[0]; return [n, m ? [m.startTime, m.duration] : null]; }))",
    );
    let get = |n: &str| -> (f64, f64) {
        let m = &measures[n];
        assert!(m.is_array(), "no {n} measure: {measures}");
        (m[0].as_f64().unwrap(), m[1].as_f64().unwrap())
    };
    let (paint_start, paint) = get("pipelens:log-first-paint");
    let (_, indexed) = get("pipelens:log-indexed");
    let (_, parse) = get("pipelens:log-parse");
    assert!(paint_start + paint < paint_start + indexed, "the first lines were painted before the log was indexed");
    println!(
        "50 MB log: {bytes} bytes, {lines} lines; first paint {paint:.0} ms, indexed {indexed:.0} ms, \
         parse {parse:.0} ms = {:.0} MB/s in the browser (wall from click to indexed {took:?})",
        bytes as f64 / 1e6 / (parse / 1e3)
    );

    // Virtualised: a handful of rows in the DOM; scrolling to the middle shows the middle's lines.
    let in_dom = js(s, "return document.querySelectorAll('.log-line').length").as_u64().unwrap();
    assert!(in_dom < 200, "{in_dom} rows in the DOM");
    s.execute(
        "const v = document.querySelector('[data-testid=log-view]'); v.scrollTop = v.scrollHeight / 2; v.dispatchEvent(new Event('scroll'));",
        json!([]),
    )
    .unwrap();
    let middle = wait_value(
        s,
        "const l = document.querySelector('.log-line:nth-child(40)'); return l && Number(l.dataset.line) > 100000 ? Number(l.dataset.line) : null",
        WAIT,
    );
    let rows = data(s, "rows");
    let m = middle.as_u64().unwrap();
    assert!(m > rows / 3 && m < rows * 2 / 3 + 100, "line {m} of {rows} rows");

    // Search over the whole log: one line says it.
    let t = Instant::now();
    set_field(s, "[data-testid=log-search]", "target 1299997");
    wait_value(s, "return document.querySelector('[data-testid=log-search-count]').dataset.count === '1'", WAIT);
    println!("search over {lines} lines: {:?} (WebDriver round trips included)", t.elapsed());
    wait(s, ".log-line.current");
}

/// Connects through the dialog with the demo's `api` token (actions need it).
fn connect_with_api_token(h: &pipelens_e2e::Harness, sim_url: &str) {
    pipelens_e2e::connect(h, sim_url, "glpat-demo-api");
}

#[test]
fn extract_a_value_cancel_with_confirmation_and_retry_into_the_new_job() {
    let Some((h, sim, sim_url)) = harness_with_demo() else { return };
    let s = &h.session;
    connect_with_api_token(&h, &sim_url);
    let (id, log) = job(&sim, "demo/logs", "follow");
    s.execute("location.hash = arguments[0]", json!([format!("#/gitlab/demo/logs/-/jobs/{id}")])).unwrap();
    wait(s, "[data-testid=log-view][data-state=following]");

    // Extract: the last match's group, over visible text (the timestamps are not in the way).
    let last = log.lines().rev().skip(1).find_map(|l| l.split("line ").nth(1)?.split(" of follow").next()).unwrap();
    set_field(s, "[data-testid=log-extract-pattern]", r"line (\d+) of follow");
    s.click(&wait(s, "[data-testid=log-extract]")).unwrap();
    let value = s.text(&wait(s, "[data-testid=log-extract-value]")).unwrap();
    assert_eq!(value, last);
    set_field(s, "[data-testid=log-extract-pattern]", "(unclosed");
    s.click(&wait(s, "[data-testid=log-extract]")).unwrap();
    let error = s.text(&wait(s, "[data-testid=log-extract-error]")).unwrap();
    assert!(error.starts_with("Not a valid regular expression"), "{error}");

    // Cancel asks first: declined, nothing is sent; accepted, the job is canceled and the page says so.
    let cancels =
        |sim: &Sim| sim.requests().iter().filter(|r| r.method == "POST" && r.uri.ends_with("/cancel")).count();
    s.execute("window.confirm = () => false", json!([])).unwrap();
    s.click(&wait(s, "[data-testid=job-cancel]")).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(cancels(&sim), 0);
    s.execute("window.asked = null; window.confirm = q => { window.asked = q; return true; }", json!([])).unwrap();
    s.click(&wait(s, "[data-testid=job-cancel]")).unwrap();
    wait_value(
        s,
        "return document.querySelector('[data-testid=log-notice]')?.textContent === 'Cancel job: done.'",
        WAIT,
    );
    assert_eq!(js(s, "return window.asked"), "Cancel job? The job stops where it is.");
    assert_eq!(cancels(&sim), 1);
    let status = sim.lock().job(id).unwrap().status.clone();
    assert!(matches!(status.as_str(), "canceled" | "canceling"), "{status}");
    wait(s, "[data-testid=job-head][data-status=canceled], [data-testid=job-head][data-status=canceling]");

    // Retry on a finished job opens the new job GitLab created.
    let (done, _) = job(&sim, "demo/app", "build");
    s.execute("location.hash = arguments[0]", json!([format!("#/gitlab/demo/app/-/jobs/{done}")])).unwrap();
    s.click(&wait(s, "[data-testid=job-retry]")).unwrap();
    let hash = wait_value(
        s,
        &format!("return location.hash !== '#/gitlab/demo/app/-/jobs/{done}' && location.hash.includes('/-/jobs/') ? location.hash : null"),
        WAIT,
    );
    let new_id: u64 = hash.as_str().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    let w = sim.lock();
    let new = w.job(new_id).expect("the new job");
    assert_eq!(new.spec.name, "build");
    assert!(w.job(done).unwrap().retried, "the old one is marked retried");
}

#[test]
fn polling_pauses_while_the_tab_is_hidden() {
    let Some((h, sim, _)) = harness_with_demo() else { return };
    let s = &h.session;
    let (id, _) = job(&sim, "demo/logs", "follow");
    open(s, &h, &format!("#/gitlab/demo/logs/-/jobs/{id}"));
    wait(s, "[data-testid=log-view][data-state=following]");
    let traces = |sim: &Sim| sim.requests().iter().filter(|r| r.uri.ends_with(&format!("/jobs/{id}/trace"))).count();
    // The page reads `document.hidden`, as a background tab reports it.
    s.execute("Object.defineProperty(document, 'hidden', {configurable: true, get: () => true})", json!([])).unwrap();
    std::thread::sleep(Duration::from_secs(4)); // a poll that was already waiting may still go out
    let before = traces(&sim);
    sim.advance(30);
    std::thread::sleep(Duration::from_secs(7)); // two poll periods
    assert_eq!(traces(&sim), before, "no trace fetched while hidden");
    let updates = data(s, "updates");
    s.execute("Object.defineProperty(document, 'hidden', {configurable: true, get: () => false})", json!([])).unwrap();
    wait_value(
        s,
        &format!("return Number(document.querySelector('[data-testid=log-view]').dataset.updates) > {updates}"),
        WAIT,
    );
    assert!(traces(&sim) > before);
}
