package io.tenantry.common.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * A list endpoint's SQL: filters from query parameters, sorting by a named field and paging
 * by number, each parameter validated. Every bad parameter is collected and reported at
 * once, as a 400 naming them; values only ever reach the SQL as bind parameters, and sort
 * fields only through the caller's fixed map of columns.
 */
public final class ListQuery {

	/** The largest page size any list endpoint serves. */
	public static final int MAX_PAGE_SIZE = 100;

	private final String from;

	private final StringBuilder where = new StringBuilder(" where true");

	private final List<Object> args = new ArrayList<>();

	private final List<InvalidRequestException.FieldError> errors = new ArrayList<>();

	private ListQuery(String from) {
		this.from = from;
	}

	/** A query over {@code from}: a table, or tables and their joins. */
	public static ListQuery from(String from) {
		return new ListQuery(from);
	}

	/** A value of {@code type} named by a parameter, ignoring case; null when absent or wrong. */
	public <E extends Enum<E>> E enumValue(String parameter, String value, Class<E> type) {
		if (value == null) {
			return null;
		}
		try {
			return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			this.errors.add(new InvalidRequestException.FieldError(parameter,
					"must be one of " + Arrays.toString(type.getEnumConstants())));
			return null;
		}
	}

	/** Adds {@code condition} (with {@code ?} for each argument) when {@code value} is given. */
	public ListQuery whereIf(Object value, String condition, Object... args) {
		if (value != null) {
			this.where.append(" and (").append(condition).append(')');
			this.args.addAll(Arrays.asList(args));
		}
		return this;
	}

	/** A case-insensitive substring search of {@code q} in any of the columns. */
	public ListQuery search(String parameter, String q, String... columns) {
		if (q == null || q.isBlank()) {
			return this;
		}
		if (q.length() > 200) {
			this.errors.add(new InvalidRequestException.FieldError(parameter, "must be at most 200 characters"));
			return this;
		}
		String pattern = "%" + q.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
			.replace("_", "\\_") + "%";
		List<String> matches = new ArrayList<>();
		for (String column : columns) {
			matches.add("lower(coalesce(" + column + ", '')) like ?");
			this.args.add(pattern);
		}
		this.where.append(" and (").append(String.join(" or ", matches)).append(')');
		return this;
	}

	/** Records a parameter's error found by the caller. */
	public ListQuery reject(String parameter, String message) {
		this.errors.add(new InvalidRequestException.FieldError(parameter, message));
		return this;
	}

	/**
	 * Runs the query for one page: the ids (or any single key column) in order, then the
	 * caller loads and maps them.
	 * @param key the column that identifies a row, selected and used to break ties
	 * @param sorts the sortable fields, by API name, to their SQL expressions
	 * @param sort a field, optionally followed by {@code ,asc} or {@code ,desc}; null for
	 * {@code defaultSort}
	 */
	public <K, T> PageResponse<T> page(JdbcTemplate jdbc, String key, Class<K> keyType, Map<String, String> sorts,
			String sort, String defaultSort, int page, int size, Function<List<K>, List<T>> load) {
		if (page < 0) {
			this.errors.add(new InvalidRequestException.FieldError("page", "must be 0 or more"));
		}
		if (size < 1 || size > MAX_PAGE_SIZE) {
			this.errors.add(new InvalidRequestException.FieldError("size", "must be between 1 and " + MAX_PAGE_SIZE));
		}
		String[] parts = ((sort != null) ? sort : defaultSort).split(",");
		String column = sorts.get(parts[0].strip());
		String direction = (parts.length > 1) ? parts[1].strip().toLowerCase(Locale.ROOT) : "asc";
		if (column == null || parts.length > 2 || !(direction.equals("asc") || direction.equals("desc"))) {
			this.errors.add(new InvalidRequestException.FieldError("sort", "must be one of "
					+ sorts.keySet().stream().sorted().toList() + ", optionally followed by ,asc or ,desc"));
		}
		if (!this.errors.isEmpty()) {
			throw new InvalidRequestException(this.errors);
		}
		Long total = jdbc.queryForObject("select count(*) from " + this.from + this.where, Long.class,
				this.args.toArray());
		List<Object> pageArgs = new ArrayList<>(this.args);
		pageArgs.add(size);
		pageArgs.add((long) page * size);
		RowMapper<K> keys = (rs, row) -> rs.getObject(1, keyType);
		List<K> ids = jdbc.query("select " + key + " from " + this.from + this.where + " order by " + column + " "
				+ direction + " nulls last, " + key + " limit ? offset ?", keys, pageArgs.toArray());
		return PageResponse.of(ids.isEmpty() ? List.of() : load.apply(ids), page, size, (total != null) ? total : 0);
	}

	/**
	 * The rows of a page, in the order of its keys: {@code selectWhereKeyIn} is a query ending
	 * with {@code in} (for example {@code "select ... from invoice where id in"}), completed
	 * with one bind parameter per key. A row gone since the keys were read is left out.
	 */
	public static <K, T> List<T> inOrder(JdbcTemplate jdbc, String selectWhereKeyIn, List<K> ids, RowMapper<T> rows,
			Function<T, K> key) {
		Map<K, T> byKey = new HashMap<>();
		String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
		for (T row : jdbc.query(selectWhereKeyIn + " (" + in + ")", rows, ids.toArray())) {
			byKey.put(key.apply(row), row);
		}
		return ids.stream().map(byKey::get).filter(Objects::nonNull).toList();
	}

}
