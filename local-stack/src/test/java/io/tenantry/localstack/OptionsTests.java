package io.tenantry.localstack;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OptionsTests {

	final Options defaults = Options.defaults(Path.of("/project"));

	@Test
	void everyPortMovesByTheOffset() {
		Options shifted = this.defaults.withPortOffset(10000);
		assertThat(shifted.port(App.GATEWAY)).isEqualTo(13007);
		assertThat(shifted.postgresPort()).isEqualTo(25432);
		assertThat(shifted.kafkaControllerPort()).isEqualTo(29093);
	}

	@Test
	void anOffsetThatReachesTheEphemeralPortRangeIsRefused() {
		assertThat(this.defaults.withPortOffset(13674).kafkaControllerPort()).isEqualTo(32767);
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.withPortOffset(13675))
			.withMessageContaining("32768");
		assertThatIllegalArgumentException().isThrownBy(() -> this.defaults.withPortOffset(-1));
	}

	@Test
	void dataStaysInTheProjectUnlessToldOtherwise() {
		assertThat(this.defaults.dataDir()).isEqualTo(Path.of("/project/.tenantry"));
		assertThat(this.defaults.logs()).isEqualTo(Path.of("/project/.tenantry/logs"));
	}

}
