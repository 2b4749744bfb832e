// Prints docs/permissions.md from src/main/permissions.ts:
//   node --import tsx scripts/permissions-doc.ts > docs/permissions.md
import { permissionsMarkdown } from "../src/main/permissions";

process.stdout.write(permissionsMarkdown());
