package io.tenantry.billing.subscription;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenantry.billing.plan.Plan;
import io.tenantry.common.web.ListQuery;
import io.tenantry.common.web.PageResponse;
import io.tenantry.common.web.ResourceNotFoundException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The current tenant's invoices, listed and read under its RLS scope. */
@Service
class Invoices {

	enum Status {
		OPEN, PAID, VOID
	}

	static final Map<String, String> SORTS = Map.of("issuedAt", "issued_at", "periodStart", "period_start",
			"amountDue", "amount_due", "number", "number");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	Invoices(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	PageResponse<InvoiceView> list(String status, String plan, int page, int size, String sort) {
		ListQuery query = ListQuery.from("invoice");
		Status byStatus = query.enumValue("status", status, Status.class);
		Plan byPlan = query.enumValue("plan", plan, Plan.class);
		query.whereIf(byStatus, "status = ?", (byStatus != null) ? byStatus.name() : null)
			.whereIf(byPlan, "plan = ?", (byPlan != null) ? byPlan.name() : null);
		return this.transactions.execute((tx) -> query.page(this.jdbc, "id", UUID.class, SORTS, sort, "issuedAt,desc",
				page, size, this::load));
	}

	InvoiceView get(UUID id) {
		return this.transactions.execute((tx) -> this.jdbc
			.query("select " + InvoiceView.COLUMNS + " from invoice where id = ?", (rs, row) -> InvoiceView.of(rs), id)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException("Invoice", id)));
	}

	private List<InvoiceView> load(List<UUID> ids) {
		return ListQuery.inOrder(this.jdbc, "select " + InvoiceView.COLUMNS + " from invoice where id in", ids,
				(rs, row) -> InvoiceView.of(rs), InvoiceView::id);
	}

}
