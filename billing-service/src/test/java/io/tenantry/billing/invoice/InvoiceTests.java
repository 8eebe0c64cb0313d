package io.tenantry.billing.invoice;

import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.billing.StripeStub;
import io.tenantry.billing.events.InvoiceIssued;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static io.tenantry.billing.BillingFixtures.owner;
import static io.tenantry.billing.BillingFixtures.subscribed;
import static io.tenantry.billing.BillingFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Invoices as documents: an operator's manual invoice and credit note, taxed and numbered,
 * read back with their lines and as a PDF an accountant accepts; bad requests refused whole;
 * nobody reaches another tenant's invoice.
 */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, StripeStub.Configuration.class })
class InvoiceTests {

	static final String WORKSHOP = """
			{"tenantId":"%s","kind":"MANUAL","taxRate":20,"memo":"Onboarding, as agreed on 2026-11-30",
			 "lines":[{"description":"Onboarding workshop","quantity":2,"unitAmount":15000},
			          {"description":"Data import","quantity":1,"unitAmount":4999}]}""";

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Test
	void anOperatorsManualInvoiceIsTaxedListedWithItsLinesAndIssuedOncePerIdempotencyKey() throws Exception {
		UUID tenant = subscribed(this.kafka, "BASIC");
		String body = WORKSHOP.formatted(tenant);
		String first = issue(body, "workshop-" + tenant).andExpect(status().isCreated())
			.andExpect(jsonPath("$.kind").value("MANUAL"))
			.andExpect(jsonPath("$.number").value("INV-000002"))
			.andExpect(jsonPath("$.status").value("OPEN"))
			.andExpect(jsonPath("$.subtotal").value(34999))
			.andExpect(jsonPath("$.taxRate").value(20))
			.andExpect(jsonPath("$.tax").value(7000)) // 6999.8, half up
			.andExpect(jsonPath("$.total").value(41999))
			.andExpect(jsonPath("$.amountDue").value(41999))
			.andExpect(jsonPath("$.buyerName").value("Tenant"))
			.andExpect(jsonPath("$.lines.length()").value(2))
			.andExpect(jsonPath("$.lines[0].amount").value(30000))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = JsonPath.read(first, "$.id");
		issue(body, "workshop-" + tenant).andExpect(status().isCreated()).andExpect(jsonPath("$.id").value(id));
		assertThat(owner().queryForObject("select count(*) from invoice where tenant_id = ? and kind = 'MANUAL'",
				Long.class, tenant)).isOne();
		// in the tenant's audit trail with the operator as actor
		assertThat(owner().queryForObject("""
				select payload::jsonb -> 'actor' ->> 'type' from event_outbox
				where tenant_id = ? and event_type = ? and payload::jsonb ->> 'subject' = ?""", String.class, tenant,
				InvoiceIssued.TYPE, id))
			.isEqualTo("user");
		as(tenant, "BILLING_ADMIN", get("/api/billing/invoices?kind=MANUAL")).andExpect(status().isOk())
			.andExpect(jsonPath("$.totalItems").value(1))
			.andExpect(jsonPath("$.items[0].lines[*].description",
					containsInAnyOrder("Onboarding workshop", "Data import")));
	}

	@Test
	void anInvoiceIsAPdfWithSellerBuyerNumberDatesLinesTaxAndTotals() throws Exception {
		UUID tenant = subscribed(this.kafka, "BASIC");
		String id = JsonPath.read(issue(WORKSHOP.formatted(tenant), null).andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.id");
		byte[] pdf = as(tenant, "ADMIN", get("/api/billing/invoices/" + id + "/pdf")).andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.APPLICATION_PDF))
			.andExpect(header().string("Content-Disposition", "inline; filename=\"INV-000002.pdf\""))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		String text;
		try (PDDocument document = Loader.loadPDF(pdf)) {
			text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
		}
		assertThat(text).contains("INVOICE", "Seller", "Tenantry (local)", "1 Example Street", "Bill to", "Tenant",
				"Customer id: " + tenant, "Invoice number INV-000002", "Issue date", "Service period",
				"Onboarding workshop", "2 150.00 300.00", "Data import", "1 49.99 49.99", "Subtotal 349.99",
				"Tax (20%) 70.00", "Total USD 419.99", "Amount due 419.99", "Note: Onboarding, as agreed on 2026-11-30",
				"Currency USD");
		// the period invoice too, untaxed by default
		String period = owner().queryForObject("select id::text from invoice where tenant_id = ? and kind = 'PERIOD'",
				String.class, tenant);
		byte[] periodPdf = as(tenant, "OWNER", get("/api/billing/invoices/" + period + "/pdf")).andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		try (PDDocument document = Loader.loadPDF(periodPdf)) {
			assertThat(new PDFTextStripper().getText(document).replaceAll("\\s+", " ")).contains("INV-000001",
					"BASIC plan (monthly)", "Tax (0%) 0.00", "Total USD 29.00");
		}
	}

	@Test
	void aCreditNoteBecomesCreditTakenOffTheNextInvoice() throws Exception {
		UUID tenant = subscribed(this.kafka, "BASIC");
		issue("""
				{"tenantId":"%s","kind":"CREDIT_NOTE","memo":"Outage on 2026-12-01",
				 "lines":[{"description":"Service credit","quantity":1,"unitAmount":1000}]}""".formatted(tenant), null)
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.kind").value("CREDIT_NOTE"))
			.andExpect(jsonPath("$.number").value("CN-000002"))
			.andExpect(jsonPath("$.total").value(-1000))
			.andExpect(jsonPath("$.amountDue").value(0))
			.andExpect(jsonPath("$.status").value("PAID"))
			.andExpect(jsonPath("$.lines[0].unitAmount").value(-1000));
		assertThat(owner().queryForObject("select credit_balance from subscription where tenant_id = ?", Long.class,
				tenant)).isEqualTo(1000);
		issue("""
				{"tenantId":"%s","kind":"MANUAL","lines":[{"description":"Extra seats","quantity":5,"unitAmount":1000}]}"""
			.formatted(tenant), null)
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.total").value(5000))
			.andExpect(jsonPath("$.creditApplied").value(1000))
			.andExpect(jsonPath("$.amountDue").value(4000));
		assertThat(owner().queryForObject("select credit_balance from subscription where tenant_id = ?", Long.class,
				tenant)).isZero();
	}

	@Test
	void aBadInvoiceRequestNamesEachFieldAndIssuesNothing() throws Exception {
		UUID tenant = subscribed(this.kafka, "BASIC");
		issue("""
				{"tenantId":"%s","kind":"GIFT","taxRate":101.5,
				 "lines":[{"description":"ok\\u0000","quantity":0,"unitAmount":-1}]}""".formatted(tenant), null)
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("taxRate", "lines[0].description",
					"lines[0].quantity", "lines[0].unitAmount")));
		issue("""
				{"tenantId":"%s","kind":"GIFT","lines":[{"description":"Free","quantity":1,"unitAmount":0}]}"""
			.formatted(tenant), null)
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("kind", "lines")));
		issue("{\"kind\":\"MANUAL\",\"lines\":[]}", null).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("tenantId", "lines")));
		issue(WORKSHOP.formatted(UUID.randomUUID()), null).andExpect(status().isNotFound());
		assertThat(owner().queryForObject("select count(*) from invoice where tenant_id = ?", Long.class, tenant))
			.isOne();
	}

	@Test
	void onlyPlatformOperatorsIssueAndNobodyReadsAnotherTenantsInvoice() throws Exception {
		UUID tenant = subscribed(this.kafka, "BASIC");
		UUID other = subscribed(this.kafka, "BASIC");
		String body = WORKSHOP.formatted(other);
		this.mvc.perform(post("/api/billing/invoices").header("Authorization", "Bearer " + user(tenant, "OWNER"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).andExpect(status().isForbidden());
		// PLATFORM_ADMIN in a tenant's own token is not a platform operator
		this.mvc.perform(post("/api/billing/invoices")
			.header("Authorization", "Bearer " + TestJwts.token(tenant, UUID.randomUUID(), "PLATFORM_ADMIN"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).andExpect(status().isForbidden());
		String invoice = owner().queryForObject("select id::text from invoice where tenant_id = ?", String.class, other);
		as(tenant, "OWNER", get("/api/billing/invoices/" + invoice)).andExpect(status().isNotFound());
		as(tenant, "OWNER", get("/api/billing/invoices/" + invoice + "/pdf")).andExpect(status().isNotFound());
		as(other, "MEMBER", get("/api/billing/invoices/" + invoice + "/pdf")).andExpect(status().isForbidden());
		as(other, "MEMBER", get("/api/billing/invoices")).andExpect(status().isForbidden());
		assertThat(owner().queryForObject("select count(*) from invoice where tenant_id in (?, ?)", Long.class, tenant,
				other)).isEqualTo(2);
	}

	private ResultActions issue(String body, String idempotencyKey) throws Exception {
		var request = post("/api/billing/invoices")
			.header("Authorization", "Bearer " + TestJwts.token(PlatformTenant.ID, UUID.randomUUID(), "PLATFORM_ADMIN"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return this.mvc.perform(request);
	}

	private ResultActions as(UUID tenant, String role, org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request)
			throws Exception {
		return this.mvc.perform(request.header("Authorization", "Bearer " + user(tenant, role)));
	}

}
