package io.tenantry.common.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address a request came from, as the proxies Tenantry trusts saw it. Each proxy appends
 * its peer to {@code X-Forwarded-For}; whatever a client put there itself comes first and
 * proves nothing. With one trusted proxy (the gateway, the default) the address is the last
 * entry; with an ingress or load balancer in front of the gateway that appends too, set
 * {@code tenantry.web.trusted-proxy-hops=2}, and so on. Without the header: the peer.
 * <p>
 * Used for audit actors, login records, rate limits and brute-force detection, all of
 * which a forged first entry must not steer.
 */
public final class ClientAddress {

	/** Proxies that append to X-Forwarded-For in front of the services. */
	public static final String TRUSTED_HOPS_PROPERTY = "tenantry.web.trusted-proxy-hops";

	private static volatile int trustedHops = 1;

	private ClientAddress() {
	}

	public static String of(HttpServletRequest request) {
		return of(request.getHeader("X-Forwarded-For"), request.getRemoteAddr(), trustedHops);
	}

	static String of(String forwardedFor, String peer, int hops) {
		if (forwardedFor == null || forwardedFor.isBlank() || hops < 1) {
			return peer;
		}
		String[] entries = forwardedFor.split(",");
		return entries[Math.max(entries.length - hops, 0)].strip();
	}

	static void trustedHops(int hops) {
		trustedHops = hops;
	}

}
