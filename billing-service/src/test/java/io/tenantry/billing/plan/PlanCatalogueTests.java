package io.tenantry.billing.plan;

import java.util.UUID;

import io.tenantry.billing.StripeStub;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static io.tenantry.billing.BillingFixtures.owner;
import static io.tenantry.billing.BillingFixtures.subscribed;
import static io.tenantry.billing.BillingFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The plan catalogue is the product's: three plans with monthly and yearly prices, limits and
 * features; an operator adds a version, new subscribers get it and existing ones keep theirs.
 */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, StripeStub.Configuration.class })
class PlanCatalogueTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	PlanCatalogue catalogue;

	@Test
	void everyUserReadsThePlansWithBothIntervalsPricesLimitsAndFeatures() throws Exception {
		this.mvc.perform(get("/api/billing/plans").header("Authorization", "Bearer " + user(UUID.randomUUID(), "MEMBER")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].plan").value("BASIC"))
			.andExpect(jsonPath("$[0].limits.users").value(10))
			.andExpect(jsonPath("$[0].limits.projects").value(5))
			.andExpect(jsonPath("$[0].limits.storage_bytes").value(1_000_000_000L))
			.andExpect(jsonPath("$[0].features").value(org.hamcrest.Matchers.contains("basic_analytics", "email_support")))
			.andExpect(jsonPath("$[1].plan").value("PROFESSIONAL"))
			.andExpect(jsonPath("$[1].limits.users").value(50))
			.andExpect(jsonPath("$[1].features").value(org.hamcrest.Matchers.hasItem("api_access")))
			.andExpect(jsonPath("$[2].plan").value("ENTERPRISE"))
			.andExpect(jsonPath("$[2].limits").isEmpty())
			.andExpect(jsonPath("$[2].yearlyPrice.amount").value(299000))
			.andExpect(jsonPath("$[2].yearlyPrice.currency").value("usd"))
			.andExpect(jsonPath("$[2].features").value(org.hamcrest.Matchers.hasItem("sso")));
		this.mvc.perform(get("/api/billing/plans")).andExpect(status().isUnauthorized());
	}

	@Test
	void anOperatorsNewVersionIsForNewSubscribersOnly() throws Exception {
		UUID before = subscribed(this.kafka, "PROFESSIONAL");
		String operator = user(PlatformTenant.ID, "PLATFORM_ADMIN");
		String body = """
				{"currency":"usd","monthlyPrice":10900,"yearlyPrice":109000,
				 "limits":{"users":60,"projects":30,"storage_bytes":20000000000},
				 "features":["basic_analytics","advanced_analytics","ai_analysis","email_support","priority_support",
				             "api_access"]}""";
		int version;
		try {
			String created = this.mvc.perform(post("/api/billing/plans/PROFESSIONAL/versions")
				.header("Authorization", "Bearer " + operator)
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
				.andExpect(status().isCreated())
				.andExpect(jsonPath("$.monthlyPrice.amount").value(10900))
				.andReturn()
				.getResponse()
				.getContentAsString();
			version = com.jayway.jsonpath.JsonPath.read(created, "$.version");
			UUID after = subscribed(this.kafka, "PROFESSIONAL");
			assertThat(owner().queryForObject("select amount_due from invoice where tenant_id = ?", Long.class, after))
				.isEqualTo(10900);
			assertThat(owner().queryForObject("select plan_version from subscription where tenant_id = ?",
					Integer.class, after)).isEqualTo(version);
		}
		finally {
			this.catalogue.add(Plan.PROFESSIONAL, "usd", 9900, 99000,
					this.catalogue.version(Plan.PROFESSIONAL, 1).limits(),
					this.catalogue.version(Plan.PROFESSIONAL, 1).features(),
					this.catalogue.version(Plan.PROFESSIONAL, 1).usagePrices(), "test");
		}
		assertThat(owner().queryForObject("select plan_version from subscription where tenant_id = ?", Integer.class,
				before)).isEqualTo(1);
		assertThat(owner().queryForObject("select count(*) from event_outbox where tenant_id = ? and event_type = ?",
				Long.class, PlatformTenant.ID, "io.tenantry.billing.plan-version-added.v1")).isPositive();
		this.mvc.perform(get("/api/billing/plans/PROFESSIONAL/versions")
			.header("Authorization", "Bearer " + user(before, "MEMBER"))).andExpect(status().isOk())
			.andExpect(jsonPath("$[0].monthlyPrice.amount").value(9900))
			.andExpect(jsonPath("$[1].version").value(version));
	}

	@Test
	void onlyPlatformOperatorsAddVersionsAndBadVersionsAreNamed() throws Exception {
		String valid = "{\"currency\":\"usd\",\"monthlyPrice\":1,\"yearlyPrice\":10,\"features\":[\"x\"]}";
		UUID tenant = UUID.randomUUID();
		this.mvc.perform(post("/api/billing/plans/BASIC/versions").header("Authorization", "Bearer " + user(tenant, "OWNER"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(valid)).andExpect(status().isForbidden());
		// a PLATFORM_ADMIN role in another tenant is not an operator
		this.mvc.perform(post("/api/billing/plans/BASIC/versions")
			.header("Authorization", "Bearer " + user(tenant, "PLATFORM_ADMIN"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(valid)).andExpect(status().isForbidden());
		String operator = "Bearer " + user(PlatformTenant.ID, "PLATFORM_ADMIN");
		this.mvc.perform(post("/api/billing/plans/GOLD/versions").header("Authorization", operator)
			.contentType(MediaType.APPLICATION_JSON)
			.content(valid)).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("plan"));
		this.mvc.perform(post("/api/billing/plans/BASIC/versions").header("Authorization", operator)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"currency\":\"usd\",\"monthlyPrice\":-1,\"yearlyPrice\":10,\"limits\":{\"seats\":3},"
					+ "\"features\":[\"x\"]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("monthlyPrice"));
		this.mvc.perform(post("/api/billing/plans/BASIC/versions").header("Authorization", operator)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"currency\":\"usd\",\"monthlyPrice\":1,\"yearlyPrice\":10,\"limits\":{\"seats\":3},"
					+ "\"features\":[\"x\"]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("limits.seats"));
		assertThat(this.catalogue.current(Plan.BASIC).monthlyPrice()).isNotEqualTo(1);
	}

}
