package dev.connections;

import dev.connections.secret.Secret;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An API key of 1–8192 characters without whitespace or control characters.
 *
 * <p>Checked on the {@link Secret}'s characters in place, so validation never copies a key into a
 * String; messages never contain the value.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidApiKey.Check.class)
@interface ValidApiKey {
    int MAX_LENGTH = 8192;

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check, instantiated by {@link InputValidation}'s validator factory. */
    final class Check implements ConstraintValidator<ValidApiKey, Secret> {
        @Override
        public boolean isValid(Secret key, ConstraintValidatorContext context) {
            if (key == null) {
                return fail(context, "Enter the API key.");
            }
            return key.use(chars -> {
                if (chars.length == 0) {
                    return fail(context, "Enter the API key.");
                }
                if (chars.length > MAX_LENGTH) {
                    return fail(context, "An API key has at most " + MAX_LENGTH + " characters.");
                }
                for (char c : chars) {
                    if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                        return fail(context, "An API key cannot contain spaces, line breaks or control characters.");
                    }
                }
                return true;
            });
        }

        private static boolean fail(ConstraintValidatorContext context, String message) {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
            return false;
        }
    }
}
