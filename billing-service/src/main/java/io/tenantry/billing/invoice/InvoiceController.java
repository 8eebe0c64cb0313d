package io.tenantry.billing.invoice;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.billing.plan.Plan;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.InvalidRequestException.FieldError;
import io.tenantry.common.web.PageResponse;
import io.tenantry.common.web.ResourceNotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's invoices and credit notes (owners, admins, billing admins read them and their
 * PDF), and the platform operator's manual invoices and credit notes for a tenant.
 */
@RestController
@RequestMapping("/api/billing/invoices")
class InvoiceController {

	static final long MAX_AMOUNT = 10_000_000_000L;

	private final Invoices invoices;

	private final InvoicePdf pdf;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	InvoiceController(Invoices invoices, InvoicePdf pdf, JdbcTemplate jdbc, TransactionTemplate transactions,
			Clock clock) {
		this.clock = clock;
		this.invoices = invoices;
		this.pdf = pdf;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'BILLING_ADMIN')")
	@Operation(summary = "The tenant's invoices and credit notes with their lines, newest first",
			description = "Filters: status (OPEN|PAID|VOID), plan, kind (PERIOD|PRORATION|MANUAL|CREDIT_NOTE). Paging: "
					+ "page (from 0), size (1..100, default 20), sort (issuedAt, periodStart, amountDue, total, number; "
					+ "optionally ,asc or ,desc).")
	PageResponse<InvoiceView> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String plan, @RequestParam(required = false) String kind,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			@RequestParam(required = false) String sort) {
		return this.invoices.list(status, plan, kind, page, size, sort);
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'BILLING_ADMIN')")
	@Operation(summary = "One invoice of the tenant, with its lines",
			description = "Another tenant's invoice answers 404, like one that does not exist.")
	InvoiceView get(@PathVariable UUID id) {
		return this.invoices.get(id);
	}

	@GetMapping(path = "/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'BILLING_ADMIN')")
	@Operation(summary = "The invoice as a PDF document",
			description = "Seller (tenantry.billing.invoice.*), buyer (the tenant's name and id), number, issue date, "
					+ "service period, lines, subtotal, tax line with its rate, total, credit applied, amount due, in the "
					+ "invoice's currency.")
	ResponseEntity<byte[]> pdf(@PathVariable UUID id) {
		InvoiceView invoice = this.invoices.get(id);
		byte[] document = this.pdf.render(invoice, TenantContext.requireTenantId().toString());
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_PDF)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename(invoice.number() + ".pdf").build().toString())
			.body(document);
	}

	@PostMapping
	@PreAuthorize("hasRole('PLATFORM_ADMIN')")
	@Operation(summary = "A platform operator issues a manual invoice or a credit note to a tenant",
			description = "kind MANUAL: an invoice of the lines (charged like any open invoice); CREDIT_NOTE: the "
					+ "lines are credited (give positive unit amounts), kept as the tenant's credit for its next "
					+ "invoices. taxRate: percent added to the lines (default tenantry.billing.invoice.tax-rate). Send an "
					+ "Idempotency-Key header to make a retry return the first invoice. The tenant must have a "
					+ "subscription (404 otherwise). Recorded in the tenant's audit log with the operator as actor.")
	ResponseEntity<InvoiceView> issue(@Valid @RequestBody NewInvoice request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey, Authentication operator) {
		if (!PlatformTenant.ID.equals(TenantContext.requireTenantId())) {
			throw new AccessDeniedException("Only the platform's operators issue invoices");
		}
		InvoiceKind kind = kind(request, idempotencyKey);
		UUID tenantId = request.tenantId();
		UUID id = TenantContext.callAs(tenantId, () -> this.transactions.execute((tx) -> {
			Map<String, Object> subscription = this.jdbc
				.queryForList("select plan, billing_interval, currency from subscription where tenant_id = ? for update",
						tenantId)
				.stream()
				.findFirst()
				.orElseThrow(() -> new ResourceNotFoundException("Subscription of tenant", tenantId));
			if (idempotencyKey != null) {
				UUID earlier = this.invoices.issuedUnder(tenantId, idempotencyKey);
				if (earlier != null) {
					return earlier;
				}
			}
			Instant now = this.clock.instant();
			Instant start = (request.periodStart() != null) ? request.periodStart() : now;
			Instant end = (request.periodEnd() != null) ? request.periodEnd() : start;
			int sign = (kind == InvoiceKind.CREDIT_NOTE) ? -1 : 1;
			List<InvoiceLine> lines = request.lines()
				.stream()
				.map((line) -> InvoiceLine.of(line.description().strip(), line.quantity(), sign * line.unitAmount(),
						start, end))
				.toList();
			return this.invoices.issue(new Invoices.Issue(tenantId, kind, Plan.valueOf((String) subscription.get("plan")),
					(String) subscription.get("billing_interval"), (String) subscription.get("currency"), start, end,
					lines, request.taxRate(), request.memo(), operator.getName(), idempotencyKey));
		}));
		InvoiceView view = TenantContext.callAs(tenantId, () -> this.invoices.get(id));
		return ResponseEntity.status(HttpStatus.CREATED).body(view);
	}

	private static InvoiceKind kind(NewInvoice request, String idempotencyKey) {
		List<FieldError> errors = new ArrayList<>();
		InvoiceKind kind = null;
		if ("MANUAL".equals(request.kind()) || "CREDIT_NOTE".equals(request.kind())) {
			kind = InvoiceKind.valueOf(request.kind());
		}
		else {
			errors.add(new FieldError("kind", "must be MANUAL or CREDIT_NOTE"));
		}
		long subtotal = 0;
		for (int i = 0; i < request.lines().size(); i++) {
			Line line = request.lines().get(i);
			if (line == null) {
				errors.add(new FieldError("lines[" + i + "]", "must not be null"));
				continue;
			}
			subtotal += line.quantity() * line.unitAmount();
		}
		if (subtotal <= 0) {
			errors.add(new FieldError("lines", "must add up to more than 0"));
		}
		if (request.periodStart() != null && request.periodEnd() != null
				&& request.periodEnd().isBefore(request.periodStart())) {
			errors.add(new FieldError("periodEnd", "must not be before periodStart"));
		}
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
			errors.add(new FieldError("Idempotency-Key", "must be 1 to 200 characters"));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		return kind;
	}

	record NewInvoice(@NotNull UUID tenantId, @NotNull String kind,
			@NotNull @NotEmpty @Size(max = 100) List<@Valid Line> lines,
			@DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal taxRate,
			@Size(max = 500) String memo, Instant periodStart, Instant periodEnd) {
	}

	record Line(@NotBlank @Size(max = 200) @Pattern(regexp = "[^\\p{Cc}]*", message = "must not contain control characters") String description,
			@NotNull @Min(1) @Max(1_000_000) Long quantity, @NotNull @Min(0) @Max(MAX_AMOUNT) Long unitAmount) {
	}

}
