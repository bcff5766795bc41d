import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-BMH7AZ3O.js";
import "./chunk-SUQO4V77.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
