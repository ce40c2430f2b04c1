using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CollabScreen.Review;
using CollabScreen.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;

namespace CollabScreen.Web;

/// <summary>
/// The host: configuration keys (CollabScreen:Db, CollabScreen:FourEyes, CollabScreen:LoginPermitsPerMinute,
/// CollabScreen:TrustedProxies), services in <see cref="AddReviewWorkspace"/>, the pipeline in <see cref="UseReviewWorkspace"/>.
/// </summary>
public static class ReviewHost
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string TokenScheme = "Token";
    private const string SmartScheme = "CookieOrToken";
    public const string ReviewerPolicy = "reviewer";
    public const string AdminPolicy = "admin";
    public const string LoginLimit = "login";

    /// <summary>Bearer tokens only: the API never takes the cookie, so a page cannot be made to post to it.</summary>
    public static readonly AuthorizationPolicy ApiRead = new AuthorizationPolicyBuilder(TokenScheme).RequireAuthenticatedUser().Build();
    public static readonly AuthorizationPolicy ApiWrite = new AuthorizationPolicyBuilder(TokenScheme).RequireRole("reviewer", "admin").Build();

    /// <param name="configure">Last changes to the builder before it builds (tests: logging).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddReviewWorkspace(builder.Configuration);
        var app = builder.Build();
        app.UseReviewWorkspace();
        return app;
    }

    public static IServiceCollection AddReviewWorkspace(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(_ => FindingStore.Open(config["CollabScreen:Db"]));
        services.AddSingleton(sp => new ReviewBook(sp.GetRequiredService<FindingStore>(), PolicyOf(config["CollabScreen:FourEyes"])));
        services.AddSingleton(sp => new UserDirectory(sp.GetRequiredService<FindingStore>()));
        services.AddSingleton(sp => new RunOverview(sp.GetRequiredService<FindingStore>()));

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Behind a reverse proxy: the client's address and scheme (so the cookie is Secure over HTTPS).
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in (config["CollabScreen:TrustedProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                o.KnownProxies.Add(IPAddress.Parse(proxy));
        });

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "cookie, or a bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? TokenScheme : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "collabscreen";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the request came over HTTPS
                o.LoginPath = "/login";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
                o.Events.OnRedirectToLogin = ctx =>
                {
                    if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/openapi") || !HttpMethods.IsGet(ctx.Request.Method))
                        ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    else ctx.Response.Redirect(ctx.RedirectUri);
                    return Task.CompletedTask;
                };
                // A disabled account, or one whose role changed, loses its session at the next request.
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    var users = ctx.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
                    var user = ctx.Principal?.Identity?.Name is { } name ? users.Find(name) : null;
                    if (user is null || user.Disabled)
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(CookieScheme);
                    }
                    else if (!ctx.Principal!.IsInRole(UserDirectory.RoleName(user.Role)))
                    {
                        ctx.ReplacePrincipal(PrincipalOf(user, CookieScheme));
                        ctx.ShouldRenew = true;
                    }
                };
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenScheme, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ReviewerPolicy, p => p.RequireRole("reviewer", "admin"))
            .AddPolicy(AdminPolicy, p => p.RequireRole("admin"));

        services.AddAntiforgery(o =>
        {
            o.FormFieldName = Html.CsrfField;
            o.HeaderName = "X-CSRF-TOKEN";
            o.Cookie.Name = "collabscreen-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        var permits = int.TryParse(config["CollabScreen:LoginPermitsPerMinute"], out var n) && n > 0 ? n : 10;
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });

        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "CollabScreen review API";
            doc.Info.Description = "Bearer tokens from `collabscreen users token NAME`; {key} is a finding key's URL id (base64url).";
            return Task.CompletedTask;
        }));
        return services;
    }

    public static WebApplication UseReviewWorkspace(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            // No inline script or style anywhere: the pages link /app.css and use no script at all.
            h.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h.CacheControl = "no-store";
            await next();
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi();
        Pages.Map(app);
        Api.Map(app);
        return app;
    }

    public static ClaimsPrincipal PrincipalOf(ReviewUser user, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, UserDirectory.RoleName(user.Role))], scheme));

    /// <summary>"none" (or "off") turns four-eyes off; otherwise a comma list of severities (default critical,high).</summary>
    public static ReviewPolicy PolicyOf(string? fourEyes) => fourEyes?.Trim().ToLowerInvariant() switch
    {
        null or "" => ReviewPolicy.Default,
        "none" or "off" => ReviewPolicy.NoFourEyes,
        var list => new ReviewPolicy(new HashSet<string>(list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal)),
    };
}
