using Outcomes.Benchmarks;
using Outcomes.Database.Connection;

using var context = new BenchContext(Console.Out, TimeProvider.System, DatabaseSettings.FromEnvironment());
return await BenchCommands.RunAsync(args, context);
