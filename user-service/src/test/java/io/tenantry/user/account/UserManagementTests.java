package io.tenantry.user.account;

import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@UserServiceTest
class UserManagementTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Identity identity;

	@Test
	void anAdminCreatesReadsUpdatesAndDeletesAUser() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String admin = this.identity.ownerToken(tenant);
		String email = Identity.email("crud");
		String body = this.identity.createUser(admin, email, Identity.PASSWORD, "MEMBER")
			.andExpect(status().isCreated())
			.andExpect(header().exists("Location"))
			.andExpect(jsonPath("$.status").value("ACTIVE"))
			.andExpect(jsonPath("$.tenantId").value(tenant.id().toString()))
			.andExpect(jsonPath("$.passwordHash").doesNotExist())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = JsonPath.read(body, "$.id");
		this.mvc.perform(get("/api/users/" + id).header("Authorization", "Bearer " + admin))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.email").value(email));
		update(admin, id, "{\"displayName\":\"Ada\",\"roles\":[\"ADMIN\"]}").andExpect(status().isOk())
			.andExpect(jsonPath("$.displayName").value("Ada"))
			.andExpect(jsonPath("$.roles[0]").value("ADMIN"));
		this.mvc.perform(delete("/api/users/" + id).header("Authorization", "Bearer " + admin))
			.andExpect(status().isNoContent());
		this.mvc.perform(get("/api/users/" + id).header("Authorization", "Bearer " + admin))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		assertThat(Identity.eventsAbout(id))
			.containsExactly("io.tenantry.user.created.v1", "io.tenantry.user.updated.v1",
					"io.tenantry.user.roles-changed.v1", "io.tenantry.user.deleted.v1");
	}

	@Test
	void emailIsUniquePerTenantIgnoringCaseButFreeAcrossTenants() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("unique");
		this.identity.createUser(tenant, email, "MEMBER");
		this.identity.createUser(this.identity.ownerToken(tenant), email.toUpperCase(), Identity.PASSWORD, "MEMBER")
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/conflict"));
		this.identity.createUser(this.identity.newTenant(), email, "MEMBER");
	}

	@Test
	void invalidInputIsAProblemNamingEachField() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		this.identity.createUser(this.identity.ownerToken(tenant), "not-an-email", Identity.PASSWORD)
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[?(@.field == 'email')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'roles')]").exists());
		this.identity.createUser(this.identity.ownerToken(tenant), Identity.email("x"), Identity.PASSWORD, "WIZARD")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("roles"));
		this.identity.createUser(this.identity.ownerToken(tenant), Identity.email("x"), "short", "MEMBER")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("password"));
		this.mvc.perform(get("/api/users/not-a-uuid").header("Authorization", "Bearer " + this.identity.ownerToken(tenant)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("id"));
	}

	@Test
	void aBodyCannotChooseTheTenantOrTheId() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		Identity.Tenant other = this.identity.newTenant();
		UUID chosen = UUID.randomUUID();
		this.mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/users")
			.header("Authorization", "Bearer " + this.identity.ownerToken(tenant))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"" + Identity.email("mass") + "\",\"roles\":[\"MEMBER\"],\"password\":\""
					+ Identity.PASSWORD + "\",\"tenantId\":\"" + other.id() + "\",\"id\":\"" + chosen
					+ "\",\"status\":\"DISABLED\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.tenantId").value(tenant.id().toString()))
			.andExpect(jsonPath("$.id").value(not(chosen.toString())))
			.andExpect(jsonPath("$.status").value("ACTIVE"));
	}

	@Test
	void aMemberReadsAndEditsOnlyTheirOwnProfileAndNotTheirRolesOrStatus() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		UUID member = this.identity.createUser(tenant, Identity.email("member"), "MEMBER");
		UUID colleague = this.identity.createUser(tenant, Identity.email("colleague"), "MEMBER");
		String token = this.identity.token(tenant.id(), member, "MEMBER");
		this.mvc.perform(get("/api/users/" + member).header("Authorization", "Bearer " + token))
			.andExpect(status().isOk());
		update(token, member.toString(), "{\"displayName\":\"Me\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.displayName").value("Me"));
		update(token, member.toString(), "{\"displayName\":\"Me\",\"roles\":[\"MEMBER\"]}").andExpect(status().isOk());
		update(token, member.toString(), "{\"roles\":[\"ADMIN\"]}").andExpect(status().isForbidden());
		update(token, member.toString(), "{\"status\":\"DISABLED\"}").andExpect(status().isForbidden());
		this.mvc.perform(get("/api/users/" + colleague).header("Authorization", "Bearer " + token))
			.andExpect(status().isForbidden());
		update(token, colleague.toString(), "{\"displayName\":\"Mallory\"}").andExpect(status().isForbidden());
		this.mvc.perform(delete("/api/users/" + colleague).header("Authorization", "Bearer " + token))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/users").header("Authorization", "Bearer " + token)).andExpect(status().isForbidden());
		this.identity.createUser(token, Identity.email("new"), Identity.PASSWORD, "MEMBER")
			.andExpect(status().isForbidden());
	}

	@Test
	void onlyAnOwnerGrantsOwnerOrChangesAnOwner() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		UUID owner = this.identity.createUser(tenant, Identity.email("owner"), "OWNER");
		UUID member = this.identity.createUser(tenant, Identity.email("member"), "MEMBER");
		String admin = this.identity.token(tenant.id(), UUID.randomUUID(), "ADMIN");
		update(admin, member.toString(), "{\"roles\":[\"OWNER\"]}").andExpect(status().isForbidden());
		update(admin, owner.toString(), "{\"status\":\"DISABLED\"}").andExpect(status().isForbidden());
		this.mvc.perform(delete("/api/users/" + owner).header("Authorization", "Bearer " + admin))
			.andExpect(status().isForbidden());
		update(admin, member.toString(), "{\"roles\":[\"PLATFORM_ADMIN\"]}").andExpect(status().isBadRequest());
		update(admin, member.toString(), "{\"roles\":[\"BILLING_ADMIN\"]}").andExpect(status().isOk());
	}

	@Test
	void theLastActiveOwnerCannotBeDemotedDisabledOrDeleted() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		UUID first = this.identity.createUser(tenant, Identity.email("first"), "OWNER");
		String owner = this.identity.token(tenant.id(), first, "OWNER");
		update(owner, first.toString(), "{\"roles\":[\"ADMIN\"]}").andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("The tenant must keep at least one active OWNER"));
		update(owner, first.toString(), "{\"status\":\"DISABLED\"}").andExpect(status().isConflict());
		this.mvc.perform(delete("/api/users/" + first).header("Authorization", "Bearer " + owner))
			.andExpect(status().isConflict());
		UUID second = this.identity.createUser(tenant, Identity.email("second"), "OWNER");
		update(owner, first.toString(), "{\"roles\":[\"ADMIN\"]}").andExpect(status().isOk());
		update(owner, second.toString(), "{\"status\":\"DISABLED\"}").andExpect(status().isConflict());
	}

	@Test
	void statusChangesFollowTheStateMachine() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String admin = this.identity.ownerToken(tenant);
		UUID user = this.identity.createUser(tenant, Identity.email("status"), "MEMBER");
		update(admin, user.toString(), "{\"status\":\"INVITED\"}").andExpect(status().isConflict());
		update(admin, user.toString(), "{\"status\":\"LOCKED\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("LOCKED"));
		update(admin, user.toString(), "{\"status\":\"ACTIVE\"}").andExpect(status().isOk());
		update(admin, user.toString(), "{\"status\":\"DISABLED\"}").andExpect(status().isOk());
		update(admin, user.toString(), "{\"status\":\"BANANA\"}").andExpect(status().isBadRequest());
		String invited = JsonPath.read(this.identity.createUser(admin, Identity.email("inv"), null, "MEMBER")
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.id");
		update(admin, invited, "{\"status\":\"ACTIVE\"}").andExpect(status().isConflict());
	}

	@Test
	void theListFiltersSortsAndPages() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String admin = this.identity.ownerToken(tenant);
		for (int i = 0; i < 5; i++) {
			this.identity.createUser(tenant, "zeta" + i + "-" + UUID.randomUUID().toString().substring(0, 4)
					+ "@example.com", "MEMBER");
		}
		this.identity.createUser(tenant, Identity.email("auditor"), "AUDITOR");
		UUID disabled = this.identity.createUser(tenant, Identity.email("gone"), "MEMBER");
		update(admin, disabled.toString(), "{\"status\":\"DISABLED\"}").andExpect(status().isOk());

		list(admin, "").andExpect(jsonPath("$.totalItems").value(7)).andExpect(jsonPath("$.items.length()").value(7));
		list(admin, "role=AUDITOR").andExpect(jsonPath("$.totalItems").value(1));
		list(admin, "status=DISABLED").andExpect(jsonPath("$.items[0].id").value(disabled.toString()));
		list(admin, "q=ZETA").andExpect(jsonPath("$.totalItems").value(5));
		list(admin, "q=zeta&size=2&page=1&sort=email,asc").andExpect(jsonPath("$.items.length()").value(2))
			.andExpect(jsonPath("$.page").value(1))
			.andExpect(jsonPath("$.totalPages").value(3))
			.andExpect(jsonPath("$.items[0].email").value(org.hamcrest.Matchers.startsWith("zeta2")));
		list(admin, "q=%25").andExpect(jsonPath("$.totalItems").value(0));
		this.mvc.perform(get("/api/users?status=NOPE&size=500&sort=password").header("Authorization", "Bearer " + admin))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[?(@.field == 'status')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'size')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'sort')]").exists());
	}

	@Test
	void theOverviewCountsByStatusRoleLoginsAndMfa() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("stats");
		this.identity.createUser(tenant, email, "MEMBER");
		this.identity.createUser(tenant, Identity.email("stats-admin"), "ADMIN");
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isOk());
		this.identity.login(tenant.slug(), email, "not the password").andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/users/stats/overview").header("Authorization",
				"Bearer " + this.identity.token(tenant.id(), UUID.randomUUID(), "AUDITOR")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(2))
			.andExpect(jsonPath("$.byStatus.ACTIVE").value(2))
			.andExpect(jsonPath("$.byStatus.LOCKED").value(0))
			.andExpect(jsonPath("$.byRole.ADMIN").value(1))
			.andExpect(jsonPath("$.byRole.MEMBER").value(1))
			.andExpect(jsonPath("$.logins.last24h.succeeded").value(1))
			.andExpect(jsonPath("$.logins.last24h.failed").value(1))
			.andExpect(jsonPath("$.logins.last30d.succeeded").value(1))
			.andExpect(jsonPath("$.mfa.enrolled").value(0));
	}

	@Test
	void anotherTenantsUsersAreInvisibleByIdByListAndBySearch() throws Exception {
		Identity.Tenant mine = this.identity.newTenant();
		Identity.Tenant theirs = this.identity.newTenant();
		String theirEmail = Identity.email("theirs");
		UUID theirUser = this.identity.createUser(theirs, theirEmail, "OWNER");
		this.identity.createUser(theirs, Identity.email("theirs-member"), "MEMBER");
		String me = this.identity.ownerToken(mine);
		this.mvc.perform(get("/api/users/" + theirUser).header("Authorization", "Bearer " + me))
			.andExpect(status().isNotFound());
		update(me, theirUser.toString(), "{\"displayName\":\"pwned\",\"status\":\"DISABLED\"}")
			.andExpect(status().isNotFound());
		this.mvc.perform(delete("/api/users/" + theirUser).header("Authorization", "Bearer " + me))
			.andExpect(status().isNotFound());
		list(me, "q=" + theirEmail).andExpect(jsonPath("$.totalItems").value(0));
		list(me, "").andExpect(jsonPath("$.items[*].id", not(hasItem(theirUser.toString()))));
		this.mvc.perform(get("/api/users/" + theirUser).header("Authorization", "Bearer " + me)
			.header("X-Tenant-Id", theirs.id().toString())).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/users/stats/overview").header("Authorization", "Bearer " + me))
			.andExpect(jsonPath("$.total").value(0));
		assertThat(Identity.superuser()
			.queryForObject("select display_name is null and status = 'ACTIVE' from user_account where id = ?",
					Boolean.class, theirUser))
			.isTrue();
	}

	private ResultActions update(String token, String id, String json) throws Exception {
		return this.mvc.perform(put("/api/users/" + id).header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	private ResultActions list(String token, String query) throws Exception {
		return this.mvc.perform(get("/api/users?" + query).header("Authorization", "Bearer " + token))
			.andExpect(status().isOk());
	}

}
