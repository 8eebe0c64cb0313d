package io.tenantry.user.auth;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@UserServiceTest
class SessionTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Identity identity;

	@Autowired
	JwtDecoder jwtDecoder;

	@AfterEach
	void resetClock() {
		this.identity.resetClock();
	}

	@Test
	void aRefreshTokenIsSpentAndReplacedWithinTheSameSession() throws Exception {
		Login login = login();
		Map<String, Object> next = read(refresh(login.refresh()).andExpect(status().isOk()));
		assertThat(next.get("refresh_token")).isNotEqualTo(login.refresh());
		String sid = this.jwtDecoder.decode((String) next.get("access_token")).getClaimAsString("sid");
		assertThat(sid).isEqualTo(login.sid());
		refresh((String) next.get("refresh_token")).andExpect(status().isOk());
		assertThat(Identity.superuser().queryForObject(
				"select count(*) from refresh_token where token_hash = ? or token_hash = ?", Integer.class,
				login.refresh(), next.get("refresh_token")))
			.as("only hashes are stored")
			.isZero();
	}

	@Test
	void reusingASpentRefreshTokenRevokesTheWholeSessionAndIsReported() throws Exception {
		Login login = login();
		String second = (String) read(refresh(login.refresh()).andExpect(status().isOk())).get("refresh_token");
		refresh(login.refresh()).andExpect(status().isUnauthorized());
		refresh(second).andExpect(status().isUnauthorized());
		assertThat(Identity.superuser().queryForObject("select revoked_reason from user_session where id = ?::uuid",
				String.class, login.sid()))
			.isEqualTo("refresh-reuse");
		assertThat(Identity.eventsAbout(login.userId())).contains("io.tenantry.auth.refresh-reuse-detected.v1",
				"io.tenantry.auth.session-revoked.v1");
	}

	@Test
	void logoutEndsTheSession() throws Exception {
		Login login = login();
		this.mvc.perform(post("/api/auth/logout").header("Authorization", "Bearer " + login.access()))
			.andExpect(status().isNoContent());
		refresh(login.refresh()).andExpect(status().isUnauthorized());
		assertThat(Identity.eventsAbout(login.userId())).contains("io.tenantry.auth.logout.v1");
	}

	@Test
	void aSessionEndsWhenIdleAndAtItsMaximumLifetime() throws Exception {
		Login idle = login();
		this.identity.clock().advance(Duration.ofMinutes(31));
		refresh(idle.refresh()).andExpect(status().isUnauthorized());
		this.identity.resetClock();

		Login busy = login();
		String refresh = busy.refresh();
		for (int i = 0; i < 23; i++) {
			this.identity.clock().advance(Duration.ofMinutes(25));
			refresh = (String) read(refresh(refresh).andExpect(status().isOk())).get("refresh_token");
		}
		this.identity.clock().advance(Duration.ofMinutes(26));
		// 10 hours and a minute after the login
		refresh(refresh).andExpect(status().isUnauthorized());
	}

	@Test
	void theUserListsAndRevokesTheirSessions() throws Exception {
		Login first = login();
		Map<String, Object> second = this.identity.tokens(first.tenant().slug(), first.email(), Identity.PASSWORD);
		String token = first.access();
		this.mvc.perform(get("/api/users/" + first.userId() + "/sessions").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(2))
			.andExpect(jsonPath("$[0].methods[0]").value("pwd"));
		this.mvc.perform(delete("/api/users/" + first.userId() + "/sessions/" + first.sid()).header("Authorization",
				"Bearer " + token)).andExpect(status().isNoContent());
		refresh(first.refresh()).andExpect(status().isUnauthorized());
		Map<String, Object> renewed = read(refresh((String) second.get("refresh_token")).andExpect(status().isOk()));
		String other = (String) renewed.get("access_token");
		this.mvc.perform(delete("/api/users/" + first.userId() + "/sessions/" + first.sid()).header("Authorization",
				"Bearer " + other)).andExpect(status().isNotFound());
		// the revoked session's access token is refused by this service too, within seconds
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.mvc
				.perform(get("/api/users/" + first.userId() + "/sessions").header("Authorization", "Bearer " + token))
				.andExpect(status().isUnauthorized()));
		this.mvc.perform(delete("/api/users/" + first.userId() + "/sessions").header("Authorization", "Bearer " + other))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.revoked").value(1));
	}

	@Test
	void disablingOrDeletingAUserEndsEverySessionAtOnce() throws Exception {
		Login disabled = login();
		String admin = this.identity.ownerToken(disabled.tenant());
		this.mvc.perform(put("/api/users/" + disabled.userId()).header("Authorization", "Bearer " + admin)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"status\":\"DISABLED\"}")).andExpect(status().isOk());
		refresh(disabled.refresh()).andExpect(status().isUnauthorized());
		assertThat(Identity.superuser().queryForObject("select revoked_reason from user_session where id = ?::uuid",
				String.class, disabled.sid()))
			.isEqualTo("user-disabled");

		Login deleted = login();
		this.mvc.perform(delete("/api/users/" + deleted.userId()).header("Authorization",
				"Bearer " + this.identity.ownerToken(deleted.tenant()))).andExpect(status().isNoContent());
		refresh(deleted.refresh()).andExpect(status().isUnauthorized());
		assertThat(Identity.superuser().queryForObject(
				"select (select count(*) from user_session where user_id = ?) + (select count(*) from refresh_token r"
						+ " where r.session_id = ?::uuid)",
				Integer.class, deleted.userId(), deleted.sid()))
			.isZero();
	}

	@Test
	void changingThePasswordEndsTheOtherSessionsButNotTheOneThatChangedIt() throws Exception {
		Login here = login();
		Map<String, Object> elsewhere = this.identity.tokens(here.tenant().slug(), here.email(), Identity.PASSWORD);
		this.mvc.perform(post("/api/users/" + here.userId() + "/change-password")
			.header("Authorization", "Bearer " + here.access())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"currentPassword\":\"" + Identity.PASSWORD + "\",\"newPassword\":\"amber-tundra-piano-19\"}"))
			.andExpect(status().isNoContent());
		refresh((String) elsewhere.get("refresh_token")).andExpect(status().isUnauthorized());
		refresh(here.refresh()).andExpect(status().isOk());
	}

	@Test
	void anotherTenantsSessionsAndTokensAreOutOfReach() throws Exception {
		Login victim = login();
		Identity.Tenant attacker = this.identity.newTenant();
		String token = this.identity.ownerToken(attacker);
		this.mvc.perform(get("/api/users/" + victim.userId() + "/sessions").header("Authorization", "Bearer " + token))
			.andExpect(status().isNotFound());
		this.mvc.perform(delete("/api/users/" + victim.userId() + "/sessions").header("Authorization", "Bearer " + token))
			.andExpect(status().isNotFound());
		String forged = "rt_" + victim.refresh().substring(3, 10) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
		refresh(forged).andExpect(status().isUnauthorized());
		refresh("garbage").andExpect(status().isUnauthorized());
		refresh(victim.refresh()).andExpect(status().isOk());
	}

	private Login login() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("session");
		UUID id = this.identity.createUser(tenant, email, "MEMBER");
		Map<String, Object> tokens = this.identity.tokens(tenant.slug(), email, Identity.PASSWORD);
		String access = (String) tokens.get("access_token");
		return new Login(tenant, email, id, access, (String) tokens.get("refresh_token"),
				this.jwtDecoder.decode(access).getClaimAsString("sid"));
	}

	private ResultActions refresh(String token) throws Exception {
		return this.mvc.perform(post("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
			.content("{\"refresh_token\":\"" + token + "\"}"));
	}

	private static Map<String, Object> read(ResultActions result) throws Exception {
		return JsonPath.read(result.andReturn().getResponse().getContentAsString(), "$");
	}

	record Login(Identity.Tenant tenant, String email, UUID userId, String access, String refresh, String sid) {
	}

}
