package io.tenantry.organization.org;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.Topics;
import io.tenantry.common.test.AsyncApiContract;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import io.tenantry.organization.events.MemberEvent;
import io.tenantry.organization.events.OrganizationEvent;
import io.tenantry.organization.events.RoleEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static io.tenantry.organization.org.OrgTestSupport.owner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The organization tree, memberships, roles and effective permissions, each rule tried
 * through the API; users come into the projection through user-service's events.
 */
@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
class OrganizationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	final UUID tenant = UUID.randomUUID();

	final String owner = TestJwts.token(this.tenant, UUID.randomUUID(), "OWNER");

	@Test
	void aTreeIsBuiltMovedAndShownNested() throws Exception {
		UUID root = create("Acme", null);
		UUID sales = create("Sales", root);
		UUID emea = create("EMEA", sales);
		UUID support = create("Support", root);
		call(post("/api/organizations"), this.owner, "{\"name\":\"sales\",\"parentId\":\"" + root + "\"}")
			.andExpect(status().isConflict());
		call(get("/api/organizations/" + emea), this.owner, null).andExpect(jsonPath("$.depth").value(3))
			.andExpect(jsonPath("$.path").value(containsInAnyOrder(root.toString(), sales.toString(), emea.toString())));

		call(post("/api/organizations/" + sales + "/move"), this.owner, "{\"parentId\":\"" + support + "\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.depth").value(3));
		call(get("/api/organizations/" + emea), this.owner, null).andExpect(jsonPath("$.depth").value(4))
			.andExpect(jsonPath("$.path[1]").value(support.toString()));
		call(post("/api/organizations/" + root + "/move"), this.owner, "{\"parentId\":\"" + emea + "\"}")
			.andExpect(status().isConflict());
		call(post("/api/organizations/" + support + "/move"), this.owner, "{\"parentId\":\"" + support + "\"}")
			.andExpect(status().isConflict());

		String tree = call(get("/api/organizations?tree=true"), this.owner, null).andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat((List<String>) JsonPath.read(tree, "$[0].children[*].name")).containsExactly("Support");
		assertThat((List<String>) JsonPath.read(tree, "$[0].children[0].children[0].children[*].name"))
			.containsExactly("EMEA");
		call(get("/api/organizations?parentId=" + root), this.owner, null).andExpect(jsonPath("$.totalItems").value(1));
		call(get("/api/organizations?name=em"), this.owner, null).andExpect(jsonPath("$.items[0].name").value("EMEA"));
		call(get("/api/organizations?size=500&sort=colour"), this.owner, null).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("size", "sort")));
		assertThat(eventTypes()).contains(OrganizationEvent.CREATED, OrganizationEvent.MOVED);
	}

	@Test
	void nestingStopsAtTheDepthLimitAndAMoveMayNotPassIt() throws Exception {
		UUID parent = null;
		UUID first = null;
		for (int level = 1; level <= 10; level++) {
			parent = create("Level " + level, parent);
			first = (first == null) ? parent : first;
		}
		call(post("/api/organizations"), this.owner, "{\"name\":\"Too deep\",\"parentId\":\"" + parent + "\"}")
			.andExpect(status().isConflict());
		UUID other = create("Other", null);
		UUID child = create("Child", other);
		call(post("/api/organizations/" + other + "/move"), this.owner, "{\"parentId\":\"" + parent + "\"}")
			.andExpect(status().isConflict());
		call(post("/api/organizations/" + child + "/move"), this.owner, "{\"parentId\":\"" + first + "\"}")
			.andExpect(status().isOk());
	}

	@Test
	void deletingAnOrganizationWithChildrenNeedsCascade() throws Exception {
		UUID root = create("Root", null);
		UUID child = create("Child", root);
		UUID user = knownUser("cascade");
		addMember(child, user, "ORG_MEMBER").andExpect(status().isCreated());
		call(delete("/api/organizations/" + root), this.owner, null).andExpect(status().isConflict());
		call(delete("/api/organizations/" + root + "?cascade=true"), this.owner, null).andExpect(status().isNoContent());
		call(get("/api/organizations/" + child), this.owner, null).andExpect(status().isNotFound());
		assertThat(owner().queryForObject("select count(*) from membership where tenant_id = ?", Long.class,
				this.tenant)).isZero();
		assertThat(eventTypes()).contains(OrganizationEvent.DELETED, MemberEvent.REMOVED);
	}

	@Test
	void effectivePermissionsComeFromTheNearestMembershipOnAFiveLevelTree() throws Exception {
		UUID l1 = create("L1", null);
		UUID l2 = create("L2", l1);
		UUID l3 = create("L3", l2);
		UUID l4 = create("L4", l3);
		UUID l5 = create("L5", l4);
		UUID ada = knownUser("ada");
		String auditor = "{\"name\":\"Auditor\",\"permissions\":[\"org:read\",\"reports:read\",\"reports:export\"]}";
		call(post("/api/organizations/roles"), this.owner, auditor).andExpect(status().isCreated());
		addMember(l1, ada, "ORG_ADMIN").andExpect(status().isCreated());
		addMember(l3, ada, "ORG_VIEWER").andExpect(status().isCreated());
		addMember(l4, ada, "auditor").andExpect(status().isCreated());

		String atL2 = permissions(l2, ada);
		assertThat((String) JsonPath.read(atL2, "$.role")).isEqualTo("ORG_ADMIN");
		assertThat((String) JsonPath.read(atL2, "$.source.organizationId")).isEqualTo(l1.toString());
		assertThat((Boolean) JsonPath.read(atL2, "$.source.inherited")).isTrue();
		assertThat((List<String>) JsonPath.read(atL2, "$.permissions[*].permission")).contains("members:manage",
				"org:delete");

		String atL3 = permissions(l3, ada);
		assertThat((String) JsonPath.read(atL3, "$.role")).isEqualTo("ORG_VIEWER");
		assertThat((Boolean) JsonPath.read(atL3, "$.source.inherited")).isFalse();
		assertThat((List<String>) JsonPath.read(atL3, "$.permissions[*].permission")).containsExactly("org:read");
		assertThat((List<String>) JsonPath.read(atL3, "$.overridden[*].role")).containsExactly("ORG_ADMIN");

		String atL5 = permissions(l5, ada);
		assertThat((String) JsonPath.read(atL5, "$.role")).isEqualTo("Auditor");
		assertThat((String) JsonPath.read(atL5, "$.permissions[0].organizationName")).isEqualTo("L4");
		assertThat((List<String>) JsonPath.read(atL5, "$.permissions[*].permission")).containsExactly("org:read",
				"reports:read", "reports:export");
		assertThat((List<String>) JsonPath.read(atL5, "$.overridden[*].role")).containsExactly("ORG_VIEWER",
				"ORG_ADMIN");

		UUID stranger = knownUser("stranger");
		assertThat((Object) JsonPath.read(permissions(l5, stranger), "$.role")).isNull();
	}

	@Test
	void orgAdminsManageTheirSubtreeOnlyAndMembersOnlyRead() throws Exception {
		UUID root = create("Root", null);
		UUID team = create("Team", root);
		UUID sibling = create("Sibling", root);
		UUID lead = knownUser("lead");
		UUID member = knownUser("member");
		addMember(team, lead, "ORG_ADMIN").andExpect(status().isCreated());
		addMember(team, member, "ORG_MEMBER").andExpect(status().isCreated());
		String leadToken = TestJwts.token(this.tenant, lead, "MEMBER");
		String memberToken = TestJwts.token(this.tenant, member, "MEMBER");

		call(post("/api/organizations"), leadToken, "{\"name\":\"Squad\",\"parentId\":\"" + team + "\"}")
			.andExpect(status().isCreated());
		call(post("/api/organizations"), leadToken, "{\"name\":\"Rogue\",\"parentId\":\"" + sibling + "\"}")
			.andExpect(status().isForbidden());
		call(post("/api/organizations"), leadToken, "{\"name\":\"Top\"}").andExpect(status().isForbidden());
		call(put("/api/organizations/" + team + "/users/" + member), leadToken, "{\"role\":\"ORG_VIEWER\"}")
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.role").value("ORG_VIEWER"));
		call(get("/api/organizations/" + team + "/users"), memberToken, null).andExpect(status().isForbidden());
		call(get("/api/organizations/" + team + "/users/" + member + "/permissions"), memberToken, null)
			.andExpect(status().isOk());
		call(get("/api/organizations/" + team + "/users/" + lead + "/permissions"), memberToken, null)
			.andExpect(status().isForbidden());
		call(put("/api/organizations/" + team), memberToken, "{\"name\":\"Mine\"}").andExpect(status().isForbidden());
		call(delete("/api/organizations/" + team + "/users/" + member), leadToken, null)
			.andExpect(status().isNoContent());
		call(get("/api/organizations/" + team + "/users"), leadToken, null).andExpect(jsonPath("$.totalItems").value(1))
			.andExpect(jsonPath("$.items[0].userId").value(lead.toString()));
		assertThat(eventTypes()).contains(MemberEvent.ADDED, MemberEvent.ROLE_CHANGED, MemberEvent.REMOVED);
	}

	@Test
	void membersMustBeKnownUsersWithAKnownRoleAndLeaveWhenTheirUserIsDeleted() throws Exception {
		UUID team = create("Team", null);
		addMember(team, UUID.randomUUID(), "ORG_MEMBER").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("userId"));
		UUID user = knownUser("leaver");
		addMember(team, user, "NO_SUCH_ROLE").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("role"));
		addMember(team, user, "org_member").andExpect(status().isCreated()).andExpect(jsonPath("$.role").value("ORG_MEMBER"));
		addMember(team, user, "ORG_ADMIN").andExpect(status().isConflict());
		userEvent("io.tenantry.user.deleted.v1", "{\"userId\":\"" + user + "\"}");
		await().atMost(Duration.ofSeconds(20)).until(() -> owner().queryForObject("select count(*) from org_user where user_id = ?", Long.class, user) == 0);
		assertThat(owner().queryForObject("select count(*) from membership where user_id = ?", Long.class, user))
			.isZero();
		assertThat(eventTypes()).contains(MemberEvent.REMOVED);
	}

	@Test
	void customRolesAreTheTenantsOwnAndCannotBeDeletedWhileHeld() throws Exception {
		String body = call(post("/api/organizations/roles"), this.owner,
				"{\"name\":\"Billing\",\"description\":\"Pays\",\"permissions\":[\"invoices:read\",\"invoices:pay\"]}")
			.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
		String id = JsonPath.read(body, "$.id");
		call(post("/api/organizations/roles"), this.owner, "{\"name\":\"ORG_ADMIN\",\"permissions\":[\"a:b\"]}")
			.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("name"));
		call(post("/api/organizations/roles"), this.owner, "{\"name\":\"billing\",\"permissions\":[\"a:b\"]}")
			.andExpect(status().isConflict());
		call(post("/api/organizations/roles"), this.owner, "{\"name\":\"Bad\",\"permissions\":[\"Not A Permission\"]}")
			.andExpect(status().isBadRequest());
		call(post("/api/organizations/roles"), TestJwts.token(this.tenant, UUID.randomUUID(), "MEMBER"),
				"{\"name\":\"Mine\",\"permissions\":[\"a:b\"]}").andExpect(status().isForbidden());
		call(get("/api/organizations/roles"), this.owner, null)
			.andExpect(jsonPath("$[*].name").value(hasItems("ORG_ADMIN", "ORG_MEMBER", "ORG_VIEWER", "Billing")));
		UUID team = create("Finance", null);
		UUID user = knownUser("payer");
		addMember(team, user, "Billing").andExpect(status().isCreated());
		call(delete("/api/organizations/roles/" + id), this.owner, null).andExpect(status().isConflict());
		call(put("/api/organizations/roles/" + id), this.owner,
				"{\"name\":\"Payments\",\"permissions\":[\"invoices:read\"]}").andExpect(status().isOk());
		assertThat((String) JsonPath.read(permissions(team, user), "$.role")).isEqualTo("Payments");
		call(delete("/api/organizations/" + team + "/users/" + user), this.owner, null).andExpect(status().isNoContent());
		call(delete("/api/organizations/roles/" + id), this.owner, null).andExpect(status().isNoContent());
		assertThat(eventTypes()).contains(RoleEvent.CREATED, RoleEvent.UPDATED, RoleEvent.DELETED);
	}

	@Test
	void anotherTenantsOrganizationsRolesAndMembersAreNotFound() throws Exception {
		UUID team = create("Secret", null);
		UUID user = knownUser("victim");
		addMember(team, user, "ORG_MEMBER").andExpect(status().isCreated());
		String role = JsonPath.read(call(post("/api/organizations/roles"), this.owner,
				"{\"name\":\"Private\",\"permissions\":[\"a:b\"]}").andReturn().getResponse().getContentAsString(), "$.id");
		UUID attackerTenant = UUID.randomUUID();
		String attacker = TestJwts.token(attackerTenant, UUID.randomUUID(), "OWNER");
		call(get("/api/organizations/" + team), attacker, null).andExpect(status().isNotFound());
		call(put("/api/organizations/" + team), attacker, "{\"name\":\"Owned\"}").andExpect(status().isNotFound());
		call(delete("/api/organizations/" + team + "?cascade=true"), attacker, null).andExpect(status().isNotFound());
		call(post("/api/organizations/" + team + "/move"), attacker, "{\"parentId\":null}").andExpect(status().isNotFound());
		call(get("/api/organizations/" + team + "/stats"), attacker, null).andExpect(status().isNotFound());
		call(get("/api/organizations/" + team + "/users"), attacker, null).andExpect(status().isNotFound());
		call(post("/api/organizations/" + team + "/users"), attacker, "{\"userId\":\"" + user + "\",\"role\":\"ORG_ADMIN\"}")
			.andExpect(status().isNotFound());
		call(delete("/api/organizations/" + team + "/users/" + user), attacker, null).andExpect(status().isNotFound());
		call(get("/api/organizations/" + team + "/users/" + user + "/permissions"), attacker, null)
			.andExpect(status().isNotFound());
		call(get("/api/organizations/roles/" + role), attacker, null).andExpect(status().isNotFound());
		call(put("/api/organizations/roles/" + role), attacker, "{\"name\":\"Taken\",\"permissions\":[\"a:b\"]}")
			.andExpect(status().isNotFound());
		call(post("/api/organizations"), attacker, "{\"name\":\"Child\",\"parentId\":\"" + team + "\"}")
			.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("parentId"));
		UUID own = UUID.fromString(JsonPath.read(call(post("/api/organizations"), attacker, "{\"name\":\"Own\"}")
			.andReturn().getResponse().getContentAsString(), "$.id"));
		call(post("/api/organizations/" + own + "/users"), attacker, "{\"userId\":\"" + user + "\",\"role\":\"ORG_ADMIN\"}")
			.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("userId"));
		call(get("/api/organizations?tree=true"), attacker, null).andExpect(jsonPath("$[*].name").value(
				containsInAnyOrder("Own")));
		call(get("/api/organizations/roles"), attacker, null).andExpect(jsonPath("$.length()").value(3));
		this.mvc.perform(get("/api/organizations/" + team).header("Authorization", "Bearer " + attacker)
			.header("X-Tenant-Id", this.tenant.toString())).andExpect(status().isForbidden());
	}

	@Test
	void aNewTenantGetsItsRootOrganizationOnceFromTheTenantEvent() throws Exception {
		String created = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/tenant-service\","
				+ "\"type\":\"io.tenantry.tenant.created.v1\",\"time\":\"" + Instant.now() + "\",\"tenantid\":\""
				+ this.tenant + "\",\"data\":{\"tenantId\":\"" + this.tenant + "\",\"slug\":\"acme\",\"name\":\"Acme Inc\","
				+ "\"plan\":\"BASIC\",\"status\":\"ACTIVE\"}}";
		this.kafka.send(Topics.TENANT, this.tenant.toString(), created).get();
		this.kafka.send(Topics.TENANT, this.tenant.toString(), created).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> owner().queryForObject("select count(*) from organization where tenant_id = ?", Long.class,
				this.tenant) == 1);
		// and stays one: the second delivery of the same event creates nothing
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
			.until(() -> owner().queryForObject("select count(*) from organization where tenant_id = ?", Long.class,
					this.tenant) == 1);
		call(get("/api/organizations?roots=true"), this.owner, null).andExpect(jsonPath("$.totalItems").value(1))
			.andExpect(jsonPath("$.items[0].name").value("Acme Inc"));
	}

	@Test
	void aDeletedTenantsOrganizationsRolesMembersAndUsersArePurged() throws Exception {
		UUID root = create("Doomed", null);
		UUID user = knownUser("doomed");
		addMember(root, user, "ORG_MEMBER").andExpect(status().isCreated());
		call(post("/api/organizations/roles"), this.owner, "{\"name\":\"Gone\",\"permissions\":[\"a:b\"]}")
			.andExpect(status().isCreated());
		String deleted = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/tenant-service\","
				+ "\"type\":\"io.tenantry.tenant.deleted.v1\",\"time\":\"" + Instant.now() + "\",\"tenantid\":\""
				+ this.tenant + "\",\"data\":{\"tenantId\":\"" + this.tenant + "\",\"status\":\"DELETED\"}}";
		this.kafka.send(Topics.TENANT, this.tenant.toString(), deleted).get();
		await().atMost(Duration.ofSeconds(20)).until(() -> owner().queryForObject("select count(*) from organization where tenant_id = ?", Long.class,
				this.tenant) == 0);
		for (String table : List.of("membership", "org_role", "org_user")) {
			assertThat(owner().queryForObject("select count(*) from " + table + " where tenant_id = ?", Long.class,
					this.tenant)).as(table).isZero();
		}
	}

	@Test
	void theOrganizationEventsAreDocumented() {
		assertThat(AsyncApiContract.documentedTypes(Topics.ORGANIZATION)).contains(OrganizationEvent.CREATED,
				OrganizationEvent.UPDATED, OrganizationEvent.MOVED, OrganizationEvent.DELETED, MemberEvent.ADDED,
				MemberEvent.REMOVED, MemberEvent.ROLE_CHANGED, RoleEvent.CREATED, RoleEvent.UPDATED, RoleEvent.DELETED);
	}

	private UUID create(String name, UUID parent) throws Exception {
		String json = "{\"name\":\"" + name + "\"" + ((parent != null) ? ",\"parentId\":\"" + parent + "\"" : "") + "}";
		String body = call(post("/api/organizations"), this.owner, json).andExpect(status().isCreated()).andReturn()
			.getResponse().getContentAsString();
		return UUID.fromString(JsonPath.read(body, "$.id"));
	}

	private ResultActions addMember(UUID organization, UUID user, String role) throws Exception {
		return call(post("/api/organizations/" + organization + "/users"), this.owner,
				"{\"userId\":\"" + user + "\",\"role\":\"" + role + "\"}");
	}

	private String permissions(UUID organization, UUID user) throws Exception {
		return call(get("/api/organizations/" + organization + "/users/" + user + "/permissions"), this.owner, null)
			.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	private ResultActions call(MockHttpServletRequestBuilder request, String token, String json) throws Exception {
		return OrgTestSupport.call(this.mvc, request, token, json);
	}

	private UUID knownUser(String name) throws Exception {
		return OrgTestSupport.knownUser(this.kafka, this.tenant, name + "@acme.example");
	}

	private List<String> eventTypes() {
		return OrgTestSupport.eventTypes(this.tenant);
	}

	private void userEvent(String type, String data) throws Exception {
		OrgTestSupport.userEvent(this.kafka, this.tenant, type, data);
	}

}
