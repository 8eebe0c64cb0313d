package io.tenantry.billing.plan;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.tenantry.common.web.ResourceNotFoundException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The plan catalogue: every version of every plan, as the database holds it. The current
 * version of a plan is its highest; new subscribers get it, existing ones keep theirs.
 * Reads join the caller's transaction (the table is not tenant-owned: every tenant reads the
 * same catalogue).
 */
@Service
public class PlanCatalogue {

	private static final String COLUMNS = "plan, version, currency, monthly_price, yearly_price, limits, features, usage_prices, "
			+ "created_at";

	private static final TypeReference<Map<String, Long>> LIMITS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, UsagePrice>> USAGE_PRICES = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	PlanCatalogue(JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/** The current version of each plan, in the plans' order. */
	@Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
	public Map<Plan, PlanVersion> current() {
		Map<Plan, PlanVersion> current = new EnumMap<>(Plan.class);
		this.jdbc.query("select distinct on (plan) " + COLUMNS + " from plan_version order by plan, version desc",
				(rs) -> {
					PlanVersion version = map(rs);
					current.put(version.plan(), version);
				});
		return current;
	}

	@Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
	public PlanVersion current(Plan plan) {
		PlanVersion version = current().get(plan);
		if (version == null) {
			throw new IllegalStateException("The catalogue has no version of " + plan);
		}
		return version;
	}

	@Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
	public PlanVersion version(Plan plan, int version) {
		return find(plan, version).orElseThrow(() -> new ResourceNotFoundException("Plan version", plan + " v" + version));
	}

	@Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
	public Optional<PlanVersion> find(Plan plan, int version) {
		return this.jdbc
			.query("select " + COLUMNS + " from plan_version where plan = ? and version = ?", (rs, row) -> map(rs),
					plan.name(), version)
			.stream()
			.findFirst();
	}

	/** Every version of {@code plan}, newest first. */
	@Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
	public List<PlanVersion> versions(Plan plan) {
		return this.jdbc.query("select " + COLUMNS + " from plan_version where plan = ? order by version desc",
				(rs, row) -> map(rs), plan.name());
	}

	/**
	 * Adds the next version of {@code plan}; it becomes the current one.
	 * @throws DuplicateKeyException when another version was added at the same time
	 */
	@Transactional
	public PlanVersion add(Plan plan, String currency, long monthlyPrice, long yearlyPrice, Map<String, Long> limits,
			List<String> features, Map<String, UsagePrice> usagePrices, String createdBy) {
		Integer latest = this.jdbc.queryForObject("select max(version) from plan_version where plan = ?", Integer.class,
				plan.name());
		int next = ((latest != null) ? latest : 0) + 1;
		PlanVersion version = new PlanVersion(plan, next, currency, monthlyPrice, yearlyPrice, limits, features,
				usagePrices, this.clock.instant());
		this.jdbc.update((connection) -> {
			var statement = connection.prepareStatement("""
					insert into plan_version (plan, version, currency, monthly_price, yearly_price, limits, features,
					    created_at, created_by, usage_prices)
					values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb)""");
			statement.setString(1, plan.name());
			statement.setInt(2, next);
			statement.setString(3, currency);
			statement.setLong(4, monthlyPrice);
			statement.setLong(5, yearlyPrice);
			statement.setString(6, this.json.writeValueAsString(version.limits()));
			statement.setArray(7, connection.createArrayOf("text", version.features().toArray()));
			statement.setTimestamp(8, Timestamp.from(version.createdAt()));
			statement.setString(9, createdBy);
			statement.setString(10, this.json.writeValueAsString(version.usagePrices()));
			return statement;
		});
		return version;
	}

	private PlanVersion map(ResultSet rs) throws SQLException {
		Array features = rs.getArray("features");
		return new PlanVersion(Plan.valueOf(rs.getString("plan")), rs.getInt("version"), rs.getString("currency"),
				rs.getLong("monthly_price"), rs.getLong("yearly_price"),
				this.json.readValue(rs.getString("limits"), LIMITS),
				Arrays.asList((String[]) features.getArray()),
				this.json.readValue(rs.getString("usage_prices"), USAGE_PRICES),
				rs.getTimestamp("created_at").toInstant());
	}

}
