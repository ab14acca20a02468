using System.Linq.Expressions;
using System.Reflection;

namespace LybuntCrm.Web.Domain;

/// <summary>
/// The dated facts of a client's history, each defined once, so that every page says the same thing with the same words:
/// <list type="bullet">
/// <item><b>First contact</b>: the earliest touchpoint logged, whatever its direction or outcome (an unanswered call is a
/// first contact too).</item>
/// <item><b>Last attempt</b>: the latest touchpoint logged, whatever its direction or outcome.</item>
/// <item><b>Last reached</b>: the latest touchpoint that reached the client (<see cref="Reaches"/>: they reached out to us,
/// or we reached them). The cadence counts from it; it is kept on the client as <see cref="Client.LastContactOn"/>.</item>
/// <item><b>Customer since</b>: the client's "Customer since" key date when one is recorded (the earliest, if several),
/// otherwise the first completed purchase; none for a client who never bought. The anniversary occasions use the same
/// dates.</item>
/// <item><b>Known since</b>: the earlier of the first contact and the day the client was added ("Known for N days").</item>
/// </list>
/// Each rule is an expression: EF translates it inside list queries (computed by the database, one query per list) and
/// <c>ClientFacts</c> stores the last reached date with it; <see cref="For"/> runs the same rules on a
/// client in memory.
/// </summary>
public sealed record ClientTimeline(DateOnly? FirstContact, DateOnly? LastAttempt, DateOnly? LastReached, DateOnly? CustomerSince, DateOnly KnownSince)
{
    /// <summary>A touchpoint that reached the client: they reached out to us, or we reached them.</summary>
    public static readonly Expression<Func<Touchpoint, bool>> Reaches =
        t => t.Direction == Direction.Inbound || t.Outcome == TouchpointOutcome.Reached;

    public static readonly Expression<Func<Client, DateOnly?>> FirstContactOf = c => c.Touchpoints.Min(t => (DateOnly?)t.OccurredOn);

    public static readonly Expression<Func<Client, DateOnly?>> LastAttemptOf = c => c.Touchpoints.Max(t => (DateOnly?)t.OccurredOn);

    /// <summary>Last reached, from the touchpoints: what <c>ClientFacts</c> stores in <see cref="Client.LastContactOn"/>.</summary>
    public static readonly Expression<Func<Client, DateOnly?>> LastReachedFromTouchpoints =
        c => c.Touchpoints.AsQueryable().Where(Reaches).Max(t => (DateOnly?)t.OccurredOn);

    /// <summary>Last reached as pages read it: the stored value, the one the next check-in counts from.</summary>
    public static readonly Expression<Func<Client, DateOnly?>> LastReachedOf = c => c.LastContactOn;

    public static readonly Expression<Func<Client, DateOnly?>> CustomerSinceOf =
        c => c.KeyDates.Where(k => k.Kind == KeyDateKind.CustomerSince).Min(k => (DateOnly?)k.Date) ?? c.FirstPurchaseOn;

    public static readonly Expression<Func<Client, DateOnly>> KnownSinceOf = BuildKnownSince();

    private static readonly Dictionary<string, LambdaExpression> Rules = new()
    {
        [nameof(FirstContact)] = FirstContactOf,
        [nameof(LastAttempt)] = LastAttemptOf,
        [nameof(LastReached)] = LastReachedOf,
        [nameof(CustomerSince)] = CustomerSinceOf,
        [nameof(KnownSince)] = KnownSinceOf,
    };

    private static readonly ConstructorInfo Constructor = typeof(ClientTimeline).GetConstructor(
        [typeof(DateOnly?), typeof(DateOnly?), typeof(DateOnly?), typeof(DateOnly?), typeof(DateOnly)])!;

    /// <summary>The whole timeline of a client, for a query's <c>Select</c>.</summary>
    public static readonly Expression<Func<Client, ClientTimeline>> Of = Select<ClientTimeline>((c, timeline) => timeline);

    private static readonly Func<Client, ClientTimeline> OfCompiled = Of.Compile();

    /// <summary>The same rules on a client in memory; its touchpoints and key dates must be loaded, its stored facts current.</summary>
    public static ClientTimeline For(Client client) => OfCompiled(client);

    /// <summary>
    /// A projection that uses the timeline, for a query over clients: <c>(c, timeline) => new Row(c.Id, timeline.LastAttempt)</c>.
    /// Each fact used is replaced by its rule, so the database computes it inside the list query.
    /// </summary>
    public static Expression<Func<Client, TResult>> Select<TResult>(Expression<Func<Client, ClientTimeline, TResult>> projection) =>
        Select(c => c, projection);

    /// <summary>The same, for a query over rows that lead to a client, e.g. <c>Select(f => f.Client!, (f, timeline) => ...)</c>.</summary>
    public static Expression<Func<TSource, TResult>> Select<TSource, TResult>(Expression<Func<TSource, Client>> client,
        Expression<Func<TSource, ClientTimeline, TResult>> projection)
    {
        var source = client.Parameters[0];
        var body = new Inliner(projection.Parameters[0], source, client.Body, projection.Parameters[1]).Visit(projection.Body);
        return Expression.Lambda<Func<TSource, TResult>>(body, source);
    }

    private static Expression<Func<Client, DateOnly>> BuildKnownSince()
    {
        var c = Expression.Parameter(typeof(Client), "c");
        var first = Inline(FirstContactOf, c);
        var created = Expression.Property(c, nameof(Client.CreatedOn));
        var earlier = Expression.LessThan(first, Expression.Convert(created, typeof(DateOnly?)));
        var body = Expression.Condition(earlier, Expression.Property(first, "Value"), created);
        return Expression.Lambda<Func<Client, DateOnly>>(body, c);
    }

    private static Expression Inline(LambdaExpression rule, Expression client) => new Swap(rule.Parameters[0], client).Visit(rule.Body);

    private static Expression Whole(Expression client) =>
        Expression.New(Constructor, Inline(FirstContactOf, client), Inline(LastAttemptOf, client), Inline(LastReachedOf, client),
            Inline(CustomerSinceOf, client), Inline(KnownSinceOf, client));

    private sealed class Swap(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>Replaces the projection's source parameter, and each use of the timeline by its rules for the client.</summary>
    private sealed class Inliner(ParameterExpression sourceParameter, ParameterExpression source, Expression client,
        ParameterExpression timeline) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == timeline && Rules.TryGetValue(node.Member.Name, out var rule) ? Inline(rule, client) : base.VisitMember(node);

        protected override Expression VisitParameter(ParameterExpression node) =>
            node == timeline ? Whole(client) : node == sourceParameter ? source : base.VisitParameter(node);
    }
}
