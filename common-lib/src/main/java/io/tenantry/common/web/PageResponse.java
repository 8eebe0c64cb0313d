package io.tenantry.common.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list endpoint that pages by number ({@code ?page=0&size=20}).
 *
 * @param items the items of this page
 * @param page the page number, from 0
 * @param size the largest number of items in a page
 * @param totalItems the number of items in every page together
 * @param totalPages the number of pages
 */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

	public static <T> PageResponse<T> of(List<T> items, int page, int size, long totalItems) {
		return new PageResponse<>(List.copyOf(items), page, size, totalItems,
				(int) ((totalItems + size - 1) / Math.max(size, 1)));
	}

	public <R> PageResponse<R> map(Function<T, R> mapper) {
		return new PageResponse<>(this.items.stream().map(mapper).toList(), this.page, this.size, this.totalItems,
				this.totalPages);
	}

}
