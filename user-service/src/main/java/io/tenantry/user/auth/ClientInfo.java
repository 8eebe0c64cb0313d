package io.tenantry.user.auth;

import io.tenantry.common.web.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;

/** Where a login comes from: the client address ({@link ClientAddress}) and user agent. */
record ClientInfo(String ip, String userAgent) {

	static ClientInfo of(HttpServletRequest request) {
		String ip = ClientAddress.of(request);
		String agent = request.getHeader("User-Agent");
		return new ClientInfo(ip, (agent != null && agent.length() > 500) ? agent.substring(0, 500) : agent);
	}

}
