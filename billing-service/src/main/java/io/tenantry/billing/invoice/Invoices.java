package io.tenantry.billing.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenantry.billing.events.InvoiceIssued;
import io.tenantry.billing.events.InvoicePaid;
import io.tenantry.billing.plan.Plan;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.web.ListQuery;
import io.tenantry.common.web.PageResponse;
import io.tenantry.common.web.ResourceNotFoundException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant's invoices: issued (by its subscription, or by an operator), listed and read with
 * their lines, under the tenant's RLS scope. Issuing locks the tenant's subscription row, so
 * the invoice numbers and the credit balance of one tenant never interleave.
 */
@Service
public class Invoices {

	enum Status {
		OPEN, PAID, VOID
	}

	static final Map<String, String> SORTS = Map.of("issuedAt", "issued_at", "periodStart", "period_start",
			"amountDue", "amount_due", "total", "total", "number", "number");

	private static final String SYSTEM = "billing-service";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final EventOutbox events;

	private final InvoiceMetrics metrics;

	private final InvoiceProperties properties;

	private final Clock clock;

	Invoices(JdbcTemplate jdbc, TransactionTemplate transactions, EventOutbox events, InvoiceMetrics metrics,
			InvoiceProperties properties, Clock clock) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.metrics = metrics;
		this.clock = clock;
	}

	PageResponse<InvoiceView> list(String status, String plan, String kind, int page, int size, String sort) {
		ListQuery query = ListQuery.from("invoice");
		Status byStatus = query.enumValue("status", status, Status.class);
		Plan byPlan = query.enumValue("plan", plan, Plan.class);
		InvoiceKind byKind = query.enumValue("kind", kind, InvoiceKind.class);
		query.whereIf(byStatus, "status = ?", (byStatus != null) ? byStatus.name() : null)
			.whereIf(byPlan, "plan = ?", (byPlan != null) ? byPlan.name() : null)
			.whereIf(byKind, "kind = ?", (byKind != null) ? byKind.name() : null);
		return this.transactions.execute((tx) -> query.page(this.jdbc, "id", UUID.class, SORTS, sort, "issuedAt,desc",
				page, size, this::load));
	}

	/** The current tenant's invoice with its lines; another tenant's is not found. */
	public InvoiceView get(UUID id) {
		return this.transactions.execute((tx) -> {
			List<InvoiceView> found = load(List.of(id));
			if (found.isEmpty()) {
				throw new ResourceNotFoundException("Invoice", id);
			}
			return found.get(0);
		});
	}

	private List<InvoiceView> load(List<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		List<InvoiceView> invoices = ListQuery.inOrder(this.jdbc,
				"select " + InvoiceView.COLUMNS + " from invoice where id in", ids, (rs, row) -> InvoiceView.of(rs),
				InvoiceView::id);
		Map<UUID, List<InvoiceLine>> lines = new LinkedHashMap<>();
		this.jdbc.query("""
				select invoice_id, description, quantity, unit_amount, amount, period_start, period_end
				from invoice_line where invoice_id = any(?) order by invoice_id, position""", (rs) -> {
			lines.computeIfAbsent(rs.getObject(1, UUID.class), (key) -> new ArrayList<>())
				.add(new InvoiceLine(rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
						instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7))));
		}, (Object) ids.toArray(UUID[]::new));
		return invoices.stream().map((invoice) -> invoice.withLines(lines.getOrDefault(invoice.id(), List.of()))).toList();
	}

	/**
	 * Issues an invoice of the current tenant made of {@code issue}'s lines, taxed at its rate
	 * (tax added to the lines' subtotal):
	 * the tenant's credit is taken off what is due; a credit note (a total below zero) adds to
	 * the credit; an invoice with nothing due is paid at once. A period already invoiced is left
	 * as it is.
	 * @return the invoice's id, or {@code null} when the period was already invoiced
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public UUID issue(Issue issue) {
		Instant now = this.clock.instant();
		UUID tenantId = issue.tenantId();
		long subtotal = issue.lines().stream().mapToLong(InvoiceLine::amount).sum();
		BigDecimal rate = (issue.taxRate() != null) ? issue.taxRate() : this.properties.taxRate();
		long tax = tax(subtotal, rate);
		long total = Math.addExact(subtotal, tax);
		Map<String, Object> subscription = this.jdbc
			.queryForList("select credit_balance, customer_name from subscription where tenant_id = ? for update",
					tenantId)
			.stream()
			.findFirst()
			.orElse(Map.of());
		long balance = (subscription.get("credit_balance") instanceof Number number) ? number.longValue() : 0;
		long credit = (total > 0) ? Math.min(balance, total) : 0;
		long due = Math.max(0, total - credit);
		boolean settled = due == 0;
		UUID id = UUID.randomUUID();
		Long count = this.jdbc.queryForObject("select count(*) from invoice where tenant_id = ?", Long.class, tenantId);
		String number = ((issue.kind() == InvoiceKind.CREDIT_NOTE) ? "CN-%06d" : "INV-%06d")
			.formatted(((count != null) ? count : 0) + 1);
		int inserted = this.jdbc.update("""
				insert into invoice (tenant_id, id, number, status, kind, plan, billing_interval, description, currency,
				    subtotal, tax_rate, tax, total, credit_applied, amount_due, period_start, period_end, issued_at,
				    paid_at, next_payment_attempt_at, buyer_name, memo, issued_by, idempotency_key)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (tenant_id, period_start) where kind = 'PERIOD' do nothing""", tenantId, id, number,
				settled ? "PAID" : "OPEN", issue.kind().name(), issue.plan().name(), issue.interval(),
				issue.lines().get(0).description(), issue.currency(), subtotal, rate, tax, total, credit, due,
				ts(issue.start()), ts(issue.end()), ts(now), settled ? ts(now) : null, settled ? null : ts(now),
				subscription.get("customer_name"), issue.memo(), issue.issuedBy(), issue.idempotencyKey());
		if (inserted == 0) {
			return null;
		}
		for (int i = 0; i < issue.lines().size(); i++) {
			InvoiceLine line = issue.lines().get(i);
			this.jdbc.update("""
					insert into invoice_line (tenant_id, invoice_id, position, description, quantity, unit_amount, amount,
					    period_start, period_end) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", tenantId, id, i + 1,
					line.description(), line.quantity(), line.unitAmount(), line.amount(), ts(line.periodStart()),
					ts(line.periodEnd()));
		}
		long balanceChange = (total < 0) ? -total : -credit;
		if (balanceChange != 0) {
			this.jdbc.update("update subscription set credit_balance = credit_balance + ? where tenant_id = ?",
					balanceChange, tenantId);
		}
		Plan plan = issue.plan();
		InvoiceIssued issued = new InvoiceIssued(tenantId, id, number, plan.name(), issue.currency(), due,
				issue.start(), issue.end(), settled ? "PAID" : "OPEN");
		if (issue.issuedBy() != null) {
			this.events.append(Topics.BILLING, InvoiceIssued.TYPE, id.toString(), issued);
		}
		else {
			this.events.append(Topics.BILLING, InvoiceIssued.TYPE, id.toString(), issued, "system", SYSTEM);
		}
		this.metrics.issued(plan);
		if (settled) {
			this.events.append(Topics.BILLING, InvoicePaid.TYPE, id.toString(),
					new InvoicePaid(tenantId, id, number, issue.currency(), 0, null, now), "system", SYSTEM);
			this.metrics.paid(plan);
		}
		return id;
	}

	/** The current tenant's invoice issued under {@code idempotencyKey}, if any. */
	@Transactional(propagation = Propagation.MANDATORY)
	public UUID issuedUnder(UUID tenantId, String idempotencyKey) {
		return this.jdbc
			.query("select id from invoice where tenant_id = ? and idempotency_key = ?",
					(rs, row) -> rs.getObject(1, UUID.class), tenantId, idempotencyKey)
			.stream()
			.findFirst()
			.orElse(null);
	}

	/**
	 * The tax on {@code subtotal} at {@code rate} percent, rounded half up to the minor unit
	 * (half away from zero for a credit).
	 */
	static long tax(long subtotal, BigDecimal rate) {
		if (rate == null || rate.signum() == 0 || subtotal == 0) {
			return 0;
		}
		return BigDecimal.valueOf(subtotal)
			.multiply(rate)
			.divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP)
			.longValueExact();
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * An invoice to issue for {@code tenantId}.
	 * @param interval the subscription's interval it bills, or {@code null}
	 * @param taxRate percent, 0 to 100; {@code null}: {@code tenantry.billing.invoice.tax-rate}
	 * @param issuedBy the operator who issued it by hand, or {@code null} for billing itself
	 * @param idempotencyKey the operator's key for the request, or {@code null}
	 */
	public record Issue(UUID tenantId, InvoiceKind kind, Plan plan, String interval, String currency, Instant start,
			Instant end, List<InvoiceLine> lines, BigDecimal taxRate, String memo, String issuedBy,
			String idempotencyKey) {

		public Issue {
			lines = List.copyOf(lines);
			if (lines.isEmpty()) {
				throw new IllegalArgumentException("An invoice has at least one line");
			}
		}

	}

}
