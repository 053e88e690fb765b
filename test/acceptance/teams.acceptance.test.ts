import { runAcceptanceScenarios } from "./scenarios.js";
import { teamsKit } from "./teams-driver.js";

runAcceptanceScenarios(teamsKit());
