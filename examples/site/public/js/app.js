document.querySelector("h1").title = "synced by azsync";
//# sourceMappingURL=app.js.map
