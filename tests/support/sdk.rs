//! What the official SDKs do to a request, written plainly so tests and
//! benches can build wire input without going through the library.

/// Percent-encodes as the official SDKs do: only `A-Za-z0-9-_.~` stay as
/// they are, every other byte becomes `%XX` with upper-case hex digits.
pub(crate) fn encode_component(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
