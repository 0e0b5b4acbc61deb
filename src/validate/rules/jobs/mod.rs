//! The job rules: J701 invalid-schedule-interval, J702 job-id-template-mismatch and
//! J703 duplicate-setting, checked in one pass over the document's jobs.

pub(crate) mod duplicate_setting;
pub(crate) mod invalid_schedule_interval;
pub(crate) mod job_id_template_mismatch;

use crate::validate::context::{Context, Sink};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for (at, job) in &cx.jobs {
        invalid_schedule_interval::check(at, job, sink);
        job_id_template_mismatch::check(at, job, sink);
        duplicate_setting::check(at, job, sink);
    }
}
