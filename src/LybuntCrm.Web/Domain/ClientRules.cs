using System.Linq.Expressions;

namespace LybuntCrm.Web.Domain;

/// <summary>
/// Who the schedules may contact, written once: as an expression that EF translates for queries and set-based updates,
/// compiled for a client in memory, and as the SQL condition of the raw statements of the nightly jobs (an integration
/// test checks that the SQL and the expression pick the same clients).
/// </summary>
public static class ClientRules
{
    public static readonly Expression<Func<Client, bool>> Contactable =
        c => !c.DoNotContact && (c.Status == ClientStatus.Client || c.Status == ClientStatus.Prospect) && c.MergedIntoId == null;

    private static readonly Func<Client, bool> ContactableCompiled = Contactable.Compile();

    public static bool IsContactable(Client client) => ContactableCompiled(client);

    /// <summary>
    /// The same condition for a raw statement over "Clients" AS c (statuses are stored by name). A merged client is left
    /// out here by hand: raw statements do not see the model's filter that hides it from queries.
    /// </summary>
    public const string ContactableSql = """NOT c."DoNotContact" AND c."Status" IN ('Client', 'Prospect') AND c."MergedIntoId" IS NULL""";

    /// <summary>Replaces an expression's parameter, so that one rule can be used inside another.</summary>
    internal static Expression Inline<T, TResult>(Expression<Func<T, TResult>> rule, ParameterExpression parameter) =>
        new ParameterSwap(rule.Parameters[0], parameter).Visit(rule.Body);

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
