namespace AzSync; static class Program { static int Main() => 0; }
