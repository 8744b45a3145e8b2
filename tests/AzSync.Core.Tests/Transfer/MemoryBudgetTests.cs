using AzSync.Core.Transfer;

namespace AzSync.Core.Tests.Transfer;

public sealed class MemoryBudgetTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public async Task A_reservation_waits_until_enough_is_given_back()
    {
        var budget = new MemoryBudget(4 * MiB);
        var first = await budget.ReserveAsync(3 * MiB, default);

        // Only a Dispose gives units back, so a waiting reservation is seen waiting at once: no pause is needed.
        var second = budget.ReserveAsync(2 * MiB, default);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task A_large_reservation_is_not_overtaken_by_small_ones_that_would_fit()
    {
        var budget = new MemoryBudget(4 * MiB);
        var held = await budget.ReserveAsync(3 * MiB, default);
        // ReserveAsync returns only once it waits, holding its place in the queue: no pause is needed for the order.
        var large = budget.ReserveAsync(4 * MiB, default);
        var small = budget.ReserveAsync(MiB / 2, default);
        Assert.False(small.IsCompleted, "the small reservation jumped the queue");

        held.Dispose();
        var granted = await large.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(small.IsCompleted);
        granted.Dispose();
        (await small.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task A_cancelled_wait_gives_back_what_it_had_gathered()
    {
        var budget = new MemoryBudget(4 * MiB);
        var held = await budget.ReserveAsync(3 * MiB, default);
        using var cancel = new CancellationTokenSource();
        // Returned, so it has gathered the free megabyte and waits for the rest.
        var waiting = budget.ReserveAsync(4 * MiB, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // The free megabyte the cancelled wait had taken is back: another one fits at once.
        var next = budget.ReserveAsync(MiB, default);
        Assert.True(next.IsCompletedSuccessfully);
        held.Dispose();
        (await next).Dispose();
    }

    [Fact]
    public async Task More_than_the_whole_budget_is_granted_as_the_whole_budget_and_disposing_twice_gives_back_once()
    {
        var budget = new MemoryBudget(2 * MiB);
        var all = await budget.ReserveAsync(50 * MiB, default).WaitAsync(TimeSpan.FromSeconds(10));
        var small = budget.ReserveAsync(1, default);
        Assert.False(small.IsCompleted);
        all.Dispose();
        all.Dispose();
        (await small.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        var whole = budget.ReserveAsync(2 * MiB, default);
        Assert.True(whole.IsCompletedSuccessfully);
        var more = budget.ReserveAsync(1, default);
        Assert.False(more.IsCompleted, "a double dispose gave back more than was held");
        (await whole).Dispose();
        (await more.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }
}
