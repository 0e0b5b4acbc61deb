//! Retries and throttling: a request answered 429 or 503 is sent again a bounded
//! number of times, after the server's `Retry-After` (fractional seconds, as Graph
//! sends) or an exponential backoff with jitter, never waiting longer than allowed.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant};

use super::FetchError;
use super::cloud::Origin;
use super::http::{Event, Http, HttpSettings, Request, Response};

impl Http {
    /// Sends a request, retrying 429 and 503 a bounded number of times. Returns the
    /// last response whatever its status; transport failures are errors.
    pub(crate) fn send(&self, request: &Request<'_>) -> Result<Response, FetchError> {
        let url = request.url();
        let origin = Origin::of(url)?;
        if origin.scheme == "http" && !origin.is_loopback() && !origin.is_metadata_service() {
            return Err(FetchError::InsecureUrl {
                url: url.to_owned(),
            });
        }
        let agent = match &self.proxied {
            Some(proxied)
                if !origin.is_loopback()
                    && !origin.is_metadata_service()
                    && !self.settings.bypasses_proxy(&origin.host) =>
            {
                proxied
            }
            _ => &self.direct,
        };
        let mut attempt = 0;
        loop {
            let started = Instant::now();
            let result = self.send_once(agent, request);
            self.emit(&Event::Request {
                method: request.method(),
                url: url.to_owned(),
                status: result.as_ref().ok().map(|(response, _)| response.status),
                elapsed: started.elapsed(),
            });
            let (mut response, retry_after) = result?;
            let throttled = matches!(response.status, 429 | 503);
            if !throttled || attempt >= self.settings.max_retries {
                return Ok(response);
            }
            if let Some(asked) = retry_after.filter(|asked| *asked > self.settings.max_wait) {
                // Waiting less than asked only gets throttled again; waiting longer
                // than allowed would outlast --timeout.
                response.unwaited = Some(asked);
                return Ok(response);
            }
            attempt += 1;
            let wait = retry_after
                .unwrap_or_else(|| backoff(&self.settings, attempt))
                .min(self.settings.max_wait);
            self.emit(&Event::Retry {
                url: url.to_owned(),
                status: response.status,
                wait,
                attempt,
            });
            std::thread::sleep(wait);
        }
    }
}

/// The wait before retry `attempt` (from 1): `base * 2^(attempt-1)`, capped, times a
/// random factor in [0.5, 1).
fn backoff(settings: &HttpSettings, attempt: u32) -> Duration {
    let step = settings
        .backoff_base
        .saturating_mul(1_u32 << attempt.saturating_sub(1).min(16))
        .min(settings.max_wait);
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    // 53 random bits as a fraction in [0, 1).
    #[allow(clippy::cast_precision_loss)]
    let fraction = (random >> 11) as f64 / (1_u64 << 53) as f64;
    step.mul_f64(0.5 + fraction / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let settings = HttpSettings {
            backoff_base: Duration::from_millis(100),
            max_wait: Duration::from_millis(350),
            ..HttpSettings::default()
        };
        for _ in 0..20 {
            let first = backoff(&settings, 1);
            assert!(first >= Duration::from_millis(50) && first < Duration::from_millis(100));
            let third = backoff(&settings, 3);
            assert!(third >= Duration::from_millis(175) && third < Duration::from_millis(350));
            assert!(backoff(&settings, 40) < Duration::from_millis(350));
        }
    }
}
