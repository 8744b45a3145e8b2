// Lists the releases from data/releases.json so the example has a script and data to sync.
fetch("/data/releases.json")
  .then((r) => r.json())
  .then((releases) => {
    const list = document.getElementById("releases");
    for (const r of releases) {
      const item = document.createElement("li");
      item.textContent = `${r.version} - ${r.notes}`;
      list.appendChild(item);
    }
  });
//# sourceMappingURL=app.js.map
