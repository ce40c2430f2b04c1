using System.Text.Encodings.Web;
using CollabScreen.Review;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CollabScreen.Web;

/// <summary>`Authorization: Bearer cs_…` with a token from `collabscreen users token NAME`.</summary>
internal sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, UserDirectory users) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
        var user = users.FromToken(header["Bearer ".Length..].Trim());
        if (user is null) return Task.FromResult(AuthenticateResult.Fail("unknown or revoked token"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(ReviewHost.PrincipalOf(user, Scheme.Name), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
