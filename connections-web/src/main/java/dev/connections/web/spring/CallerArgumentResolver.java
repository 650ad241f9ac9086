package dev.connections.web.spring;

import dev.connections.web.Caller;
import dev.connections.web.ConnectionsAccess;
import dev.connections.web.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands a handler its {@link Caller} from the host's {@link ConnectionsAccess}; none refuses the request (401). */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {
    private final ConnectionsAccess access;

    CallerArgumentResolver(ConnectionsAccess access) {
        this.access = access;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Caller.class.equals(parameter.getParameterType());
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            @Nullable ModelAndViewContainer container,
            NativeWebRequest webRequest,
            @Nullable WebDataBinderFactory binderFactory) {
        HttpServletRequest request = Objects.requireNonNull(webRequest.getNativeRequest(HttpServletRequest.class));
        return access.caller(request).orElseThrow(() -> new ApiException(ApiException.Reason.NOT_SIGNED_IN));
    }
}
