package io.tenantry.audit.chain;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8785 behaviour, with examples from the RFC. */
class CanonicalJsonTests {

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void membersAreSortedAndWhitespaceDropped() {
		assertThat(CanonicalJson.of(this.json.readTree("{ \"b\" : [1, {\"z\":true, \"a\":null}], \"a\": \"x\" }")))
			.isEqualTo("{\"a\":\"x\",\"b\":[1,{\"a\":null,\"z\":true}]}");
	}

	@Test
	void sameDataInAnotherLayoutHasTheSameCanonicalForm() {
		assertThat(CanonicalJson.of(this.json.readTree("{\"n\":1.0E2,\"s\":\"\\u0041\"}")))
			.isEqualTo(CanonicalJson.of(this.json.readTree("{\"s\":\"A\",  \"n\":100}")));
	}

	@Test
	void numbersUseTheEcmaScriptForm() {
		assertThat(CanonicalJson.number(100)).isEqualTo("100");
		assertThat(CanonicalJson.number(-0.0)).isEqualTo("0");
		assertThat(CanonicalJson.number(1e21)).isEqualTo("1e+21");
		assertThat(CanonicalJson.number(1e-7)).isEqualTo("1e-7");
		assertThat(CanonicalJson.number(0.000001)).isEqualTo("0.000001");
		assertThat(CanonicalJson.number(123.456)).isEqualTo("123.456");
		assertThat(CanonicalJson.number(4.50)).isEqualTo("4.5");
		assertThat(CanonicalJson.number(1e20)).isEqualTo("100000000000000000000");
		assertThat(CanonicalJson.number(333333333.33333329)).isEqualTo("333333333.3333333");
	}

	@Test
	void stringsUseMinimalEscaping() {
		assertThat(CanonicalJson.of(this.json.readTree("\"\\u20ac\\n\\u0001\\/\""))).isEqualTo("\"€\\n\\u0001/\"");
	}

	@Test
	void keysSortByUtf16CodeUnits() {
		assertThat(CanonicalJson.of(this.json.readTree("{\"\\u20ac\":1,\"\\r\":2,\"1\":3,\"\\ud83d\\ude00\":4}")))
			.isEqualTo("{\"\\r\":2,\"1\":3,\"€\":1,\"\uD83D\uDE00\":4}");
	}

}
