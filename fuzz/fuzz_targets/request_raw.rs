//! Raw bytes as a whole request (query string, or JSON when it starts with `{`): decoding and
//! validation never panic; an accepted request survives the SDK query and JSON round trips.

#![no_main]

use chrono::{DateTime, Utc};
use ecs_runcommand::request::{Input, RunCommandRequest, check, check_all};
use libfuzzer_sys::fuzz_target;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_735_689_600, 0).unwrap_or_default()
}

fn round_trip(request: &RunCommandRequest) {
    let query = request.to_query();
    let again = check(Input::Query(query.as_bytes()), now()).expect("a valid request re-encoded must stay valid");
    assert_eq!(&again, request, "query round trip");
    let json = serde_json::to_string(request).expect("serializable");
    let from_json = check(Input::Json(&json), now()).expect("the normalized JSON must be valid");
    assert_eq!(&from_json, request, "JSON round trip");
}

fuzz_target!(|data: &[u8]| {
    let input = if data.trim_ascii_start().first() == Some(&b'{') {
        match std::str::from_utf8(data) {
            Ok(text) => Input::Json(text),
            Err(_) => return,
        }
    } else {
        Input::Query(data)
    };
    let first = check(input, now());
    let all = check_all(input, now());
    match (&first, &all) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b);
            // Warnings (ignored parameters, lenient readings) do not survive re-encoding.
            if a.warnings().is_empty() {
                round_trip(a);
            }
        }
        (Err(e), Err(list)) => assert_eq!(list.first(), Some(e), "first fault = first of all faults"),
        _ => panic!("first-fault and validate-all modes disagree"),
    }
});
