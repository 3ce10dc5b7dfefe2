package org.bedkd.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What makes a service refuse to start open. */
class SecurityGateTest {

    private static final String GOOD = "0123456789abcdef0123456789abcdef";

    private static ApiConfig api(String token, String read) {
        return new ApiConfig() {
            @Override
            public Optional<String> token() {
                return Optional.ofNullable(token);
            }

            @Override
            public Optional<String> readToken() {
                return Optional.ofNullable(read);
            }

            @Override
            public long maxJsonBytes() {
                return 1 << 20;
            }
        };
    }

    private static SecurityConfig security(boolean plaintextAllowed) {
        return new SecurityConfig() {
            @Override
            public boolean insecureLocalDemo() {
                return false;
            }

            @Override
            public boolean kafkaPlaintextAllowed() {
                return plaintextAllowed;
            }
        };
    }

    @Test
    void closedWhenATokenAndKafkaCredentialsAreSet() {
        assertThat(SecurityGate.problems(api(GOOD, null), security(false), "SASL_SSL")).isEmpty();
        assertThat(SecurityGate.problems(api(GOOD, GOOD + "-read"), security(false), "sasl_plaintext")).isEmpty();
        assertThat(SecurityGate.problems(api(GOOD, null), security(true), "PLAINTEXT")).isEmpty();
    }

    @Test
    void openConfigurationsAreNamed() {
        assertThat(SecurityGate.problems(api(null, null), security(false), "SASL_SSL"))
                .containsExactly("no API token (BEDKD_API_TOKEN)");
        assertThat(SecurityGate.problems(api("  ", null), security(false), "SASL_SSL"))
                .containsExactly("no API token (BEDKD_API_TOKEN)");
        assertThat(SecurityGate.problems(api("short", null), security(false), "SASL_SSL")).singleElement()
                .asString().contains("shorter than 32");
        assertThat(SecurityGate.problems(api(GOOD, GOOD), security(false), "SASL_SSL"))
                .contains("the read token equals the API token");
        assertThat(SecurityGate.problems(api(GOOD, null), security(false), "PLAINTEXT")).singleElement()
                .asString().contains("Kafka without authentication");
        assertThat(SecurityGate.problems(api(GOOD, null), security(false), null)).hasSize(1);
    }
}
