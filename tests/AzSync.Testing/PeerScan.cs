using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace AzSync.Testing;

/// <summary>
/// Finds, by reading the IL, which peers each test of an assembly reaches: from the test method, its class's
/// constructors and lifetime methods and its fixtures, following every call into the test code (lambdas and
/// async state machines included) until one of the peer entry points below. A test that reaches a peer without
/// the matching <c>[Trait("Needs", …)]</c> would break <c>tools/test.sh --fast</c> on a machine without it.
/// </summary>
public static class PeerScan
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>"Class.Method: needs x, y" for every test whose traits miss a peer it reaches.</summary>
    public static IReadOnlyList<string> Undeclared(Assembly tests)
    {
        var ours = new HashSet<Assembly> { tests, typeof(PeerScan).Assembly };
        var cache = new Dictionary<MethodBase, HashSet<string>>();
        var problems = new List<string>();
        // This check itself names the peers in its strings.
        foreach (var type in tests.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && !t.IsSubclassOf(typeof(PeerTraitCheck))))
        {
            var facts = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Where(m => m.IsDefined(typeof(FactAttribute), true)).ToList();
            if (facts.Count == 0) continue;
            var shared = new HashSet<string>();
            foreach (var m in SetUp(type, tests)) shared.UnionWith(Reach(m, ours, cache));
            var declared = Declared(type);
            foreach (var fact in facts)
            {
                var needs = new HashSet<string>(shared);
                needs.UnionWith(Reach(fact, ours, cache));
                needs.ExceptWith(declared);
                needs.ExceptWith(Declared(fact));
                if (needs.Count > 0)
                    problems.Add($"{type.FullName}.{fact.Name}: needs {string.Join(", ", needs.Order())}");
            }
        }
        return problems;
    }

    // TraitAttribute keeps its name and value only in the attribute data. Only the member's own attributes count,
    // as xunit reads them for the --filter.
    private static IEnumerable<string> Declared(MemberInfo member) => member.GetCustomAttributesData()
        .Where(a => a.AttributeType == typeof(TraitAttribute)
            && (string?)a.ConstructorArguments[0].Value == Needs.Trait)
        .Select(a => (string)a.ConstructorArguments[1].Value!);

    /// <summary>What runs around every test of the class: its own and its bases' constructors and virtual methods
    /// (an override is how a base class's tests reach a peer), and the class and collection fixtures.</summary>
    private static IEnumerable<MethodBase> SetUp(Type type, Assembly tests)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                 BindingFlags.Static | BindingFlags.DeclaredOnly;
        var fixtures = type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IClassFixture<>))
            .Select(i => i.GetGenericArguments()[0]).ToList();
        var collection =
            type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(CollectionAttribute));
        if (collection is not null)
        {
            var name = (string?)collection.ConstructorArguments[0].Value;
            fixtures.AddRange(tests.GetTypes()
                .Where(t => t.GetCustomAttributesData()
                    .Any(a => a.AttributeType == typeof(CollectionDefinitionAttribute) &&
                                                                  (string?)a.ConstructorArguments[0].Value == name))
                .SelectMany(t => t.GetInterfaces())
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionFixture<>))
                .Select(i => i.GetGenericArguments()[0]));
        }
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            // Helpers are reached from the tests that call them; overrides and Dispose/InitializeAsync run unseen.
            foreach (var m in t.GetConstructors(all).Cast<MethodBase>()
                .Concat(t.GetMethods(all).Where(m => m.IsVirtual)))
                yield return m;
        foreach (var f in fixtures)
            foreach (var m in f.GetConstructors(all).Cast<MethodBase>().Concat(f.GetMethods(all)))
                yield return m;
    }

    private static HashSet<string> Reach(MethodBase start, HashSet<Assembly> ours,
        Dictionary<MethodBase, HashSet<string>> cache)
    {
        var found = new HashSet<string>();
        var seen = new HashSet<MethodBase>();
        var queue = new Queue<MethodBase>([start]);
        while (queue.TryDequeue(out var method))
        {
            if (!seen.Add(method)) continue;
            if (cache.TryGetValue(method, out var known)) { found.UnionWith(known); continue; }
            foreach (var next in Body(method, found))
            {
                if (Root(next) is { } peer) found.Add(peer);
                else if (ours.Contains(next.Module.Assembly))
                {
                    queue.Enqueue(next);
                    // Static fields (a Lazy build, say) are set up by the type initializer the first call runs.
                    if (next.DeclaringType?.TypeInitializer is { } cctor) queue.Enqueue(cctor);
                }
            }
        }
        cache[start] = found;
        return found;
    }

    /// <summary>A peer entry point: the peer it needs, else null.</summary>
    private static string? Root(MethodBase m) => (m.DeclaringType?.Name, m.Name) switch
    {
        ("Azurite", "StartAsync") => Needs.Azurite,
        ("CaseInsensitiveMount", "Create") => Needs.Fuse,
        ("PackedTool", ".ctor") => Needs.Pack,
        ("RepoPaths", "get_NodeModules") => Needs.Node,
        _ => null,
    };

    /// <summary>A string in the code that starts or names a peer.</summary>
    private static string? Root(string literal) => literal switch
    {
        // wrappers/build.sh runs npm ci, tsc and esbuild.
        "node" or "npm" or "npx" or "build.sh" => Needs.Node,
        "rclone" => Needs.Rclone,
        "pack" => Needs.Pack,
        "fusermount3" => Needs.Fuse,
        _ when literal.Contains("azcopy_linux") || literal.Contains("azcopy-linux") => Needs.AzCopy,
        _ => null,
    };

    /// <summary>The methods a method's IL calls or takes a delegate of (with its async or iterator state machine),
    /// adding to <paramref name="found"/> the peers its string literals name.</summary>
    private static IEnumerable<MethodBase> Body(MethodBase method, HashSet<string> found)
    {
        if (method.GetCustomAttribute<StateMachineAttribute>() is { } sm &&
            sm.StateMachineType.GetMethod("MoveNext",
                BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance) is { } moveNext)
            yield return moveNext;
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        Type[]? typeArgs =
            method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += code.Size;
            var operand = i + 4 <= il.Length ? BitConverter.ToInt32(il, i) : 0;
            if (code.OperandType == OperandType.InlineMethod
                && Resolve(method.Module, operand, typeArgs, methodArgs) is { } callee)
                yield return callee;
            if (code.OperandType == OperandType.InlineString && Root(method.Module.ResolveString(operand)) is { } peer)
                found.Add(peer);
            i += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * operand,
                _ => 4,
            };
        }
    }

    private static MethodBase? Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try { return module.ResolveMethod(token, typeArgs, methodArgs); }
        // A member of an assembly that is not loaded is not test code, so it cannot lead to a peer.
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or TypeLoadException
                                       or BadImageFormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// Each test project derives one class from this. tools/test.sh --fast leaves out the tests marked
/// [Trait("Needs", …)], so one that reaches a peer unmarked would fail there, or pass only where the peer happens
/// to be installed.
/// </summary>
public abstract class PeerTraitCheck
{
    [Fact]
    public void Every_test_that_reaches_a_peer_says_which_with_a_Needs_trait()
    {
        var missing = PeerScan.Undeclared(GetType().Assembly);
        Assert.True(missing.Count == 0,
            $"Mark the class or test [Trait(\"Needs\", \"<peer>\")]:\n{string.Join('\n', missing)}");
    }
}
