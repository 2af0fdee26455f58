//! The client's address, for throttling and the audit log. `X-Forwarded-For` is believed
//! only from a trusted proxy (`--trusted-proxy`); from anyone else it is ignored, so a
//! client cannot choose the address its failed sign-ins are counted against.

use crate::settings::WebSettings;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The client's address: the connection's peer, or — when the peer is a trusted proxy —
/// the last address in `X-Forwarded-For` that is not itself a trusted proxy (each proxy
/// appends the address it heard from, so the entries left of that one are the client's
/// own claims).
pub fn client_ip(parts: &Parts) -> Option<String> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())?;
    let settings = parts.extensions.get::<Arc<WebSettings>>();
    let trusted = |ip: &IpAddr| settings.is_some_and(|s| s.trusts(ip));
    if !trusted(&peer) {
        return Some(peer.to_string());
    }
    let forwarded: Vec<IpAddr> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|a| a.trim().parse::<IpAddr>())
        .collect::<Result<_, _>>()
        // A list that does not parse is not believed at all.
        .unwrap_or_default();
    let client = forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted(ip))
        .unwrap_or(peer);
    Some(client.to_string())
}

pub struct ClientIp(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(parts)))
    }
}
