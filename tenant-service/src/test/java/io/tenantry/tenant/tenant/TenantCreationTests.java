package io.tenantry.tenant.tenant;

import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.test.AsyncApiContract;
import io.tenantry.common.test.MutableClockConfiguration;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import io.tenantry.tenant.events.TenantCreated;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, MutableClockConfiguration.class })
class TenantCreationTests {

	static final String PLATFORM_ADMIN = TestJwts.token(PlatformTenant.ID, UUID.randomUUID(), "PLATFORM_ADMIN");

	@Autowired
	MockMvc mvc;

	@Test
	void aPlatformAdminCreatesAProvisioningTenantAndItsEventBelongsToIt() throws Exception {
		String slug = slug();
		String body = create(PLATFORM_ADMIN, "{\"slug\":\"" + slug
				+ "\",\"name\":\"Acme\",\"plan\":\"PROFESSIONAL\",\"ownerEmail\":\"boss@acme.example\"}")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("PROVISIONING"))
			.andExpect(jsonPath("$.provisioning[*].step").value(
					org.hamcrest.Matchers.containsInAnyOrder("organization", "owner")))
			.andExpect(jsonPath("$.slug").value(slug))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = JsonPath.read(body, "$.id");
		String payload = owner().queryForObject("select payload from event_outbox where tenant_id = ?::uuid",
				String.class, id);
		assertThat((String) JsonPath.read(payload, "$.type")).isEqualTo(TenantCreated.TYPE);
		assertThat((String) JsonPath.read(payload, "$.tenantid")).isEqualTo(id);
		assertThat((String) JsonPath.read(payload, "$.data.slug")).isEqualTo(slug);
		assertThat((String) JsonPath.read(payload, "$.data.plan")).isEqualTo("PROFESSIONAL");
		assertThat((String) JsonPath.read(payload, "$.data.ownerEmail")).isEqualTo("boss@acme.example");
		this.mvc.perform(get("/api/tenants/" + id).header("Authorization",
				"Bearer " + TestJwts.token(UUID.fromString(id), UUID.randomUUID(), "MEMBER")))
			.andExpect(status().isOk());
		this.mvc.perform(get("/api/tenants/" + id).header("Authorization",
				"Bearer " + TestJwts.token(UUID.randomUUID(), UUID.randomUUID(), "OWNER")))
			.andExpect(status().isNotFound());
	}

	@Test
	void onlyAPlatformAdminOfThePlatformTenantCreatesTenants() throws Exception {
		String body = "{\"slug\":\"" + slug() + "\",\"name\":\"Acme\",\"plan\":\"BASIC\"}";
		create(TestJwts.token(UUID.randomUUID(), UUID.randomUUID(), "OWNER"), body).andExpect(status().isForbidden());
		create(TestJwts.token(UUID.randomUUID(), UUID.randomUUID(), "PLATFORM_ADMIN"), body)
			.andExpect(status().isForbidden());
		create(TestJwts.token(PlatformTenant.ID, UUID.randomUUID(), "MEMBER"), body).andExpect(status().isForbidden());
	}

	@Test
	void aTakenSlugIsAConflictAndABadOneNamesTheField() throws Exception {
		String slug = slug();
		create(PLATFORM_ADMIN, "{\"slug\":\"" + slug + "\",\"name\":\"First\",\"plan\":\"BASIC\"}")
			.andExpect(status().isCreated());
		create(PLATFORM_ADMIN, "{\"slug\":\"" + slug + "\",\"name\":\"Second\",\"plan\":\"BASIC\"}")
			.andExpect(status().isConflict());
		create(PLATFORM_ADMIN, "{\"slug\":\"Not A Slug\",\"name\":\"\",\"plan\":\"GOLD\"}")
			.andExpect(status().isBadRequest());
		create(PLATFORM_ADMIN, "{\"slug\":\"Not A Slug\",\"name\":\"\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[?(@.field == 'slug')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'name')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'plan')]").exists());
	}

	@Test
	void theCreatedEventIsDocumented() {
		assertThat(AsyncApiContract.documentedTypes(Topics.TENANT)).contains(TenantCreated.TYPE);
	}

	private ResultActions create(String token, String json) throws Exception {
		return this.mvc.perform(post("/api/tenants").header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	private static String slug() {
		return "t-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static JdbcTemplate owner() {
		return new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "tenant_service"));
	}

}
