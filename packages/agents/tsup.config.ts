export { default } from "../../tsup.base.config";
