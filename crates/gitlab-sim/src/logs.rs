//! Job logs as a runner writes them (`doc/ci/jobs/job_logs.md`): ANSI SGR colours, collapsible
//! sections `section_start:<unix>:<name>[collapsed=true]\r\e[0K` ... `section_end:<unix>:<name>\r\e[0K`,
//! and optionally the 32-byte timestamp prefix of `FF_TIMESTAMPS` (`<RFC 3339 µs> 00O `). The log is a
//! pure function of the job and the time, so it grows while the job runs and the trace endpoint can
//! return the whole text each time, as GitLab's does.

use crate::clock::iso;
use crate::world::Job;

const GREEN: &str = "\x1b[32;1m";
const CYAN: &str = "\x1b[36;1m";
const RED: &str = "\x1b[31;1m";
const YELLOW: &str = "\x1b[0;33m";
const RESET: &str = "\x1b[0;m";
const CLEAR: &str = "\x1b[0K";

/// The log of `job` (of a pipeline on `git_ref` at `sha`) as of `now`; empty before it starts.
pub fn trace(job: &Job, git_ref: &str, sha: &str, now: u64) -> String {
    let Some(start) = job.started_at else { return String::new() };
    let end = job.finished_at.unwrap_or(now).min(now).max(start);
    let mut log = Log { out: String::new(), timestamps: job.spec.timestamps, at: start };
    log.line(&format!("{CLEAR}{CYAN}Running with gitlab-runner 17.0.0 (pipelens-sim){RESET}"));
    log.section_start("prepare_executor", "Preparing the \"docker\" executor", start, true);
    log.line("Using Docker executor with image alpine:3.20 ...");
    log.section_end("prepare_executor", start);
    log.section_start("get_sources", "Getting source from Git repository", start, true);
    log.line(&format!("{GREEN}Fetching changes with git depth set to 20...{RESET}"));
    log.line(&format!("Checking out {} as detached HEAD (ref is {})...", &sha[..sha.len().min(8)], git_ref));
    log.section_end("get_sources", start);
    // The script's own output is open, as runners leave it.
    log.section_start("step_script", "Executing \"step_script\" stage of the job script", start, false);
    log.line(&format!("{GREEN}$ ./ci/{}.sh{RESET}", job.spec.name.replace(' ', "_")));
    let output: Option<Vec<&str>> = job.spec.output.as_deref().map(|o| o.lines().collect());
    let total = output.as_ref().map_or(job.spec.log_lines as usize, Vec::len).max(1) as u64;
    let duration = job.spec.duration.max(1);
    let shown = if job.finished_at.is_some_and(|f| f <= now) { total } else { total * (end - start) / duration };
    for i in 0..shown.min(total) {
        log.at = start + i * duration / total;
        if let Some(lines) = &output {
            log.line(lines.get(i as usize).copied().unwrap_or_default());
            continue;
        }
        match i % 10 {
            3 => log.line(&format!("{YELLOW}warning: step {i} took longer than expected{RESET}")),
            7 => log.line(&format!("[{:>3}%] \x1b[1mBuilding\x1b[22m target {i}", (i + 1) * 100 / total)),
            // A progress bar redrawn with `\r`: only the last state stays visible.
            9 => log.line(&format!("progress 10%\rprogress 50%\rprogress 100% (line {i})")),
            _ => log.line(&format!("line {i} of {}: doing work", job.spec.name)),
        }
    }
    let finished = job.finished_at.filter(|f| *f <= now);
    if let Some(f) = finished {
        log.at = f;
        log.section_end("step_script", f);
        match job.status.as_str() {
            "success" => log.line(&format!("{GREEN}Job succeeded{RESET}")),
            "canceled" => log.line(&format!("{RED}ERROR: Job failed: canceled{RESET}")),
            _ => log.line(&format!("{RED}ERROR: Job failed: exit code 1{RESET}")),
        }
    }
    log.out
}

struct Log {
    out: String,
    timestamps: bool,
    at: u64,
}

impl Log {
    fn line(&mut self, text: &str) {
        if self.timestamps {
            // `2024-06-01T12:00:00.123456Z 00O `: RFC 3339 with microseconds, stream 00, stdout.
            let t = iso(self.at).replace(".000Z", ".000000Z");
            self.out.push_str(&t);
            self.out.push_str(" 00O ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn section_start(&mut self, name: &str, header: &str, at: u64, collapsed: bool) {
        let options = if collapsed { "[collapsed=true]" } else { "" };
        self.line(&format!("{CLEAR}section_start:{at}:{name}{options}\r{CLEAR}{CYAN}{header}{RESET}"));
    }

    fn section_end(&mut self, name: &str, at: u64) {
        self.line(&format!("{CLEAR}section_end:{at}:{name}\r{CLEAR}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::JobSpec;

    fn job(started: Option<u64>, finished: Option<u64>, status: &str, timestamps: bool) -> Job {
        Job {
            id: 1,
            pipeline_id: 1,
            project_id: 1,
            spec: JobSpec {
                name: "build".into(),
                stage: "build".into(),
                needs: None,
                when: "on_success".into(),
                start_in: 0,
                allow_failure: false,
                queue: 0,
                duration: 100,
                fails: false,
                pinned: None,
                log_lines: 10,
                timestamps,
                output: None,
                trigger: None,
                child: Vec::new(),
                tags: Vec::new(),
            },
            stage_index: 0,
            status: status.into(),
            created_at: 0,
            queued_at: None,
            started_at: started,
            finished_at: finished,
            cancel_requested_at: None,
            scheduled_at: None,
            not_before: 0,
            retried: false,
            downstream_pipeline: None,
            play_variables: Vec::new(),
            user_id: 1,
        }
    }

    fn trace_of(job: &Job, now: u64) -> String {
        trace(job, "main", "0123456789abcdef", now)
    }

    #[test]
    fn grows_while_running_and_ends_when_finished() {
        assert_eq!(trace_of(&job(None, None, "pending", false), 50), "");
        let early = trace_of(&job(Some(1000), None, "running", false), 1020);
        let later = trace_of(&job(Some(1000), None, "running", false), 1080);
        assert!(later.starts_with(&early) && later.len() > early.len());
        assert!(!later.contains("section_end:1100:step_script"));
        let done = trace_of(&job(Some(1000), Some(1100), "success", false), 2000);
        assert!(done.starts_with(&later));
        assert!(done.contains("section_end:1100:step_script\r\x1b[0K\n"));
        assert!(done.contains("\x1b[32;1mJob succeeded\x1b[0;m"));
        assert!(done.contains("section_start:1000:prepare_executor[collapsed=true]\r\x1b[0K"));
    }

    #[test]
    fn timestamp_prefix_is_32_bytes() {
        let log = trace_of(&job(Some(0), Some(100), "failed", true), 100);
        let first = log.lines().next().unwrap();
        assert!(first.starts_with("1970-01-01T00:00:00.000000Z 00O "), "{first}");
        assert_eq!("1970-01-01T00:00:00.000000Z 00O ".len(), 32);
        assert!(log.lines().all(|l| l.as_bytes()[27] == b' ' && &l[28..32] == "00O "));
        assert!(log.contains("ERROR: Job failed: exit code 1"));
    }

    #[test]
    fn output_is_printed_verbatim_as_the_job_runs() {
        let mut j = job(Some(1000), Some(1100), "success", false);
        j.spec.output = Some("<b>one</b>\n\x1b]8;;javascript:x\x1b\\two\n".into());
        let log = trace_of(&j, 1050);
        assert!(log.contains("<b>one</b>\n") && !log.contains("two"), "half the time, half the lines");
        let log = trace_of(&j, 1100);
        assert!(log.contains("<b>one</b>\n\x1b]8;;javascript:x\x1b\\two\n"));
        assert!(!log.contains("doing work"));
    }

    #[test]
    fn the_demo_injection_log_holds_raw_escapes() {
        let text = include_str!("../scenarios/demo.yml");
        let scenario = crate::Scenario::from_yaml(text).expect("demo.yml");
        let w = scenario.build(None, false).expect("world");
        let j = w.jobs.iter().find(|j| j.spec.name == "injection").expect("the injection job");
        let out = j.spec.output.as_deref().unwrap();
        assert!(out.contains("\x1b]8;;javascript:") && out.contains("\x1b\\OSC 8") && out.contains("<script>"));
    }
}
